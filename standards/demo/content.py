"""The demo's standard set: plain data, one record per language (a Japanese set and an English set, never mixed).
Demo texts are domain data (what the PMO would write), not UI strings, so they are not marked for translation."""

from __future__ import annotations

PLAN_BODY = {
    "ja": """# プロジェクト計画書テンプレート

本テンプレートは全社標準のプロジェクト計画書です。立上げフェーズの終了までに作成し、PMOのレビューを受けてください。

## 1. プロジェクト概要
- 目的・背景
- スコープ(対象 / 対象外)
- 成功基準(QCD目標)

## 2. 体制と役割
| 役割 | 氏名 | 責任 |
|---|---|---|
| プロジェクトオーナー | | 最終意思決定 |
| PM | | 計画・進捗管理 |
| PMO | | 標準化支援・品質確認 |

## 3. スケジュールとマイルストーン
フェーズゲートの日付と判定者を明記します。

## 4. 会議体
週次進捗会議、月次ステアリングコミッティ、品質レビュー会議。

## 5. リスク管理
標準リスク一覧を起点に、プロジェクト固有のリスクを追加してください。
""",
    "en": """# Project plan template

The company's standard project plan. Complete it before the end of initiation and have the PMO review it.

## 1. Overview
- Purpose and background
- Scope (in / out)
- Success criteria (QCD targets)

## 2. Organisation and roles
| Role | Name | Responsibility |
|---|---|---|
| Project owner | | Final decisions |
| PM | | Planning and control |
| PMO | | Standards and quality assurance |

## 3. Schedule and milestones
State the date and the approver of each phase gate.

## 4. Standing meetings
Weekly progress meeting, monthly steering committee, quality review.

## 5. Risk management
Start from the standard risk list and add the project's own risks.
""",
}

STATUS_BODY_V1 = {
    "ja": """# 週次状況報告ガイドライン

- 毎週金曜17:00までに週次報告を提出する。
- 信号(RAG)は数値(SPI・CPI)を根拠に判断する。
- 課題・リスクは担当者と期限を明記する。
""",
    "en": """# Weekly status report guideline

- Submit the weekly report by Friday 17:00.
- Base the RAG on the figures (SPI, CPI).
- Give every issue and risk an owner and a due date.
""",
}
STATUS_BODY_V2 = {
    "ja": """# 週次状況報告ガイドライン

- 毎週金曜17:00までに週次報告を提出する(祝日の場合は前営業日)。
- 信号(RAG)は数値(SPI・CPI)を根拠に判断し、上書きする場合は理由を記載する。
- 課題・リスクは担当者と期限を明記する。
- 支援依頼・エスカレーションは「支援依頼」欄に具体的に記載する。
""",
    "en": """# Weekly status report guideline

- Submit the weekly report by Friday 17:00 (the previous working day when Friday is a holiday).
- Base the RAG on the figures (SPI, CPI); give the reason when you override it.
- Give every issue and risk an owner and a due date.
- Write requests for help and escalations concretely in the "help needed" field.
""",
}
STATUS_NOTE_V2 = {"ja": "祝日の扱いとRAG上書き時の理由記載を追記", "en": "Holidays and the reason for a RAG override"}

CATEGORIES = {"ja": ["計画", "報告", "品質"], "en": ["Planning", "Reporting", "Quality"]}
DOC_TITLES = {
    "ja": ("プロジェクト計画書テンプレート", "週次状況報告ガイドライン"),
    "en": ("Project plan template", "Weekly status report guideline"),
}

# phase → (code stem, Japanese title, Japanese items, English title, English items); (text, required)
GATES = {
    "initiation": ("INI", "立上げフェーズゲートチェック", [("プロジェクト憲章が承認されている", True),
                   ("ステークホルダーが特定されている", True), ("概算予算が確保されている", False)],
                   "Initiation gate check", [("The project charter is approved", True),
                   ("Stakeholders are identified", True), ("A budget estimate is secured", False)]),
    "requirements": ("REQ", "要件定義フェーズゲートチェック", [("要件定義書が顧客承認済みである", True),
                     ("非機能要件が定義されている", True), ("スコープ外事項が合意されている", True),
                     ("要件変更の管理手順が決まっている", False)],
                     "Requirements gate check", [("The requirements are signed off by the customer", True),
                     ("Non-functional requirements are defined", True), ("Out-of-scope items are agreed", True),
                     ("The change control procedure is set", False)]),
    "design": ("DES", "設計フェーズゲートチェック", [("基本設計書のレビューが完了している", True),
               ("レビュー指摘が全てクローズしている", True), ("性能・セキュリティ設計が確認されている", False)],
               "Design gate check", [("The design review is complete", True),
               ("All review findings are closed", True), ("Performance and security design are checked", False)]),
    "build": ("BLD", "製造フェーズゲートチェック", [("単体テストが完了している", True),
              ("コードレビュー率が目標を満たしている", True), ("静的解析の重大指摘がない", False)],
              "Build gate check", [("Unit tests are complete", True), ("Code review coverage meets its target", True),
              ("No critical static-analysis finding remains", False)]),
    "test": ("TST", "テストフェーズゲートチェック", [("結合・総合テストが完了している", True),
             ("未解決の重大障害がない", True), ("ユーザー受入テストの計画が承認されている", True)],
             "Test gate check", [("Integration and system tests are complete", True),
             ("No open critical defect remains", True), ("The user acceptance test plan is approved", True)]),
    "deployment": ("DEP", "移行・リリース判定チェック", [("移行リハーサルが成功している", True),
                   ("切り戻し手順が確認されている", True), ("運用引継ぎが完了している", True)],
                   "Deployment gate check", [("The migration rehearsal succeeded", True),
                   ("The rollback procedure is checked", True), ("Hand-over to operations is complete", True)]),
}  # fmt: skip

WEEKLY = {
    "ja": ("週次品質チェック", [("今週の障害件数と未解決件数を更新した", True), ("テスト消化率を確認した", True),
           ("レビュー指摘の対応状況を確認した", False), ("品質指標の悪化傾向があればリスク登録した", False)]),
    "en": ("Weekly quality check", [("This week's defects found and open are updated", True),
           ("Test progress is checked", True), ("Review findings follow-up is checked", False),
           ("Worsening quality trends are registered as risks", False)]),
}  # fmt: skip
DELIVERY = {
    "ja": ("納品物事前チェック", [("納品物一覧と実物が一致している", True), ("ウイルスチェックを実施した", True),
           ("顧客指定のフォーマットに準拠している", True), ("機密情報・個人情報が含まれていない", True),
           ("版数と改訂履歴が更新されている", False)]),
    "en": ("Delivery pre-check", [("The deliverables match the delivery list", True),
           ("A virus scan was run", True), ("The customer's formats are followed", True),
           ("No confidential or personal data is included", True), ("Version and revision history are updated", False)]),
}  # fmt: skip

BLUEPRINTS = {
    "ja": [
        ("BP-SYSDEV", "システム開発標準", "system_development",
         "ウォーターフォール型のシステム開発プロジェクトの標準構成。要件定義からリリースまでの各フェーズゲートで"
         "チェックリストを実施する。",
         [("キックオフ", "initiation", 0, 0, False), ("立上げ完了判定", "initiation", 20, 1, True),
          ("要件定義完了", "requirements", 75, 2, True), ("基本設計完了", "design", 130, 2, True),
          ("製造完了", "build", 220, 3, True), ("テスト完了", "test", 290, 2, True),
          ("本番リリース", "deployment", 330, 2, True)],
         [("要件の後工程での追加・変更", 4, 4, "mitigate", "変更管理手順を合意し、変更要求は影響評価を行う"),
          ("キーパーソンへの依存(属人化)", 3, 4, "mitigate", "ペア作業とドキュメント化で知識を共有する"),
          ("テスト環境の準備遅延", 3, 3, "mitigate", "環境構築を製造フェーズ開始前に前倒しする")]),
        ("BP-INFRA", "インフラ構築標準", "infrastructure",
         "サーバー・ネットワーク基盤の更改プロジェクトの標準構成。",
         [("キックオフ", "initiation", 0, 0, False), ("要件確定", "requirements", 45, 1, True),
          ("設計完了", "design", 90, 2, True), ("構築完了", "build", 150, 3, True),
          ("移行完了", "deployment", 200, 2, True)],
         [("機器の納期遅延", 3, 4, "mitigate", "発注を前倒しし、代替機種を事前に選定する"),
          ("移行時のサービス停止の長期化", 2, 5, "mitigate", "移行リハーサルと切り戻し手順を準備する")]),
    ],
    "en": [
        ("BP-SYSDEV-EN", "System development standard", "system_development",
         "The standard shape of a waterfall system development project: a checklist at every phase gate from "
         "requirements to release.",
         [("Kick-off", "initiation", 0, 0, False), ("Initiation complete", "initiation", 20, 1, True),
          ("Requirements complete", "requirements", 75, 2, True), ("Design complete", "design", 130, 2, True),
          ("Build complete", "build", 220, 3, True), ("Test complete", "test", 290, 2, True),
          ("Go-live", "deployment", 330, 2, True)],
         [("Late additions and changes to requirements", 4, 4, "mitigate",
           "Agree a change control procedure and assess the impact of every change request"),
          ("Dependence on key people", 3, 4, "mitigate", "Share knowledge by pairing and documentation"),
          ("Test environment ready late", 3, 3, "mitigate", "Build the environments before the build phase")]),
        ("BP-INFRA-EN", "Infrastructure standard", "infrastructure",
         "The standard shape of a server and network renewal project.",
         [("Kick-off", "initiation", 0, 0, False), ("Requirements fixed", "requirements", 45, 1, True),
          ("Design complete", "design", 90, 2, True), ("Build complete", "build", 150, 3, True),
          ("Migration complete", "deployment", 200, 2, True)],
         [("Hardware delivered late", 3, 4, "mitigate", "Order early and select an alternative model in advance"),
          ("Long outage during migration", 2, 5, "mitigate", "Rehearse the migration and prepare the rollback")]),
    ],
}  # fmt: skip
