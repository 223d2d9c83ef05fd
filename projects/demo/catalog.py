"""The fixed part of the demo portfolio: users, organisation, the project catalogue and the text phrases.

Everything here is plain data; ``projects.demo.builder`` turns it into rows. Demo texts are domain data
(what a PM would type), not UI strings, so they are not marked for translation.
"""

from __future__ import annotations

from dataclasses import dataclass

from core import roles
from projects.models import Phase, ProjectState, ProjectType

DEMO_PASSWORD = "demo"  # noqa: S105 - demo environments only, printed at the end of seed_demo
EMAIL_DOMAIN = "example.co.jp"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    last_name: str
    first_name: str
    email_local: str

    @property
    def email(self) -> str:
        return f"{self.email_local}@{EMAIL_DOMAIN}"


USERS: tuple[DemoUser, ...] = (
    DemoUser("pmo", roles.PMO, "高橋", "由美", "yumi.takahashi"),
    DemoUser("exec", roles.EXECUTIVE, "渡辺", "誠", "makoto.watanabe"),
    DemoUser("pm1", roles.PM, "佐藤", "健", "ken.sato"),
    DemoUser("pm2", roles.PM, "鈴木", "美咲", "misaki.suzuki"),
    DemoUser("pm3", roles.PM, "田中", "大輔", "daisuke.tanaka"),
    DemoUser("pm4", roles.PM, "伊藤", "直樹", "naoki.ito"),
    DemoUser("member1", roles.MEMBER, "中村", "翔太", "shota.nakamura"),
    DemoUser("member2", roles.MEMBER, "小林", "さくら", "sakura.kobayashi"),
    DemoUser("member3", roles.MEMBER, "加藤", "拓也", "takuya.kato"),
    DemoUser("member4", roles.MEMBER, "吉田", "愛", "ai.yoshida"),
    DemoUser("member5", roles.MEMBER, "山本", "陽介", "yosuke.yamamoto"),
)
PM_USERNAMES = ("pm1", "pm2", "pm3", "pm4")
MEMBER_USERNAMES = ("member1", "member2", "member3", "member4", "member5")

# (code, name, parent code). The demo company (株式会社サンプル) has three divisions: the three org units.
ORG_UNITS: tuple[tuple[str, str, str | None], ...] = (
    ("D100-DX", "デジタル推進本部", None),
    ("D200-CORE", "基幹システム部", None),
    ("D300-INFRA", "インフラ運用部", None),
)
DX, CORE, INFRA = "D100-DX", "D200-CORE", "D300-INFRA"

# (code, name, description, org unit code)
PROGRAMS: tuple[tuple[str, str, str, str], ...] = (
    (
        "PG-CORE",
        "基幹刷新プログラム",
        "老朽化した基幹システム群(販売・会計・生産・購買)を2028年度までに段階的に刷新する全社プログラム。",
        CORE,
    ),
    (
        "PG-DX",
        "DX推進プログラム",
        "顧客接点のデジタル化とデータ活用基盤の整備により、営業・サービスの生産性向上を目指すプログラム。",
        DX,
    ),
)

# Health profiles: how the numbers of a project move over its life (see plans.Performance).
ON_TRACK = "on_track"
SCHEDULE_SLIP = "schedule_slip"
COST_OVERRUN = "cost_overrun"
TROUBLED = "troubled"
RECOVERING = "recovering"

SPONSORS = {
    DX: "執行役員 デジタル推進本部長 松本 隆",
    CORE: "取締役 CIO 井上 茂",
    INFRA: "インフラ運用部長 木村 恵子",
}
# A project record is in one language: an English-named project has its sponsor and customer in English too.
SPONSORS_EN = {
    DX: "Takashi Matsumoto, Executive Officer, Digital Transformation",
    CORE: "Shigeru Inoue, Director and CIO",
    INFRA: "Keiko Kimura, Head of Infrastructure Operations",
}
CUSTOMERS_EN = {
    "経営企画部": "Corporate Planning",
    "全社": "Company-wide",
    "営業本部": "Sales Division",
    "購買部": "Purchasing",
    "マーケティング部": "Marketing",
    "インフラ運用部": "Infrastructure Operations",
}


@dataclass(frozen=True)
class ProjectSpec:
    name: str
    org: str
    program: str | None
    project_type: str
    pm: str
    state: str
    profile: str = ON_TRACK
    customer: str = ""
    description: str = ""
    confidential: bool = False
    english: bool = False
    deputy: str | None = None
    rebaseline: bool = False
    quality_poor: bool = False


SYS, INF, BIZ, RND = (
    ProjectType.SYSTEM_DEVELOPMENT,
    ProjectType.INFRASTRUCTURE,
    ProjectType.BUSINESS_PROCESS,
    ProjectType.RND,
)
A, P, H, C = ProjectState.ACTIVE, ProjectState.PROPOSED, ProjectState.ON_HOLD, ProjectState.CLOSED

# The order matters: the first eight already show every feature (so tests can use --projects 8):
# pm1's first project (whose report for this week is left for the browser test), a re-baselined project,
# pm2's confidential project without pm1, a proposed, an on-hold project and the main RAG profiles.
# fmt: off
PROJECTS: tuple[ProjectSpec, ...] = (
    ProjectSpec(
        "販売管理システム刷新", CORE, "PG-CORE", SYS, "pm1", A, ON_TRACK, "営業本部",
        "受注から請求までを担う販売管理システムをパッケージ+アドオン方式で刷新する。", deputy="pm3",
    ),
    ProjectSpec(
        "Data Platform Migration", DX, "PG-DX", SYS, "pm2", A, SCHEDULE_SLIP, "経営企画部",
        "Move the on-premises data warehouse to a cloud data platform for company-wide use of data.", english=True,
    ),
    ProjectSpec(
        "Zero Trust Network", INFRA, None, INF, "pm3", A, ON_TRACK, "全社",
        "Move from VPN-based perimeter security to zero-trust access control.", english=True,
    ),
    ProjectSpec(
        "経費精算ワークフロー導入", DX, "PG-DX", BIZ, "pm1", A, COST_OVERRUN, "経理部",
        "紙と押印による経費精算をSaaSのワークフローに置き換え、電子帳簿保存法に対応する。", rebaseline=True,
    ),
    ProjectSpec(
        "人事給与システム更改", CORE, "PG-CORE", SYS, "pm2", A, RECOVERING, "人事部",
        "人事・給与システムを更改する。個人情報を扱うため関係者限定。", confidential=True, deputy="pm4",
    ),
    ProjectSpec(
        "AIチャットボット導入", DX, "PG-DX", RND, "pm4", P, ON_TRACK, "カスタマーサービス部",
        "問い合わせ一次対応を生成AIチャットボットで自動化する。まずPoCで効果を検証する。",
    ),
    ProjectSpec(
        "会計システム クラウド移行", CORE, "PG-CORE", SYS, "pm1", A, TROUBLED, "経理部",
        "会計システムをクラウドERPへ移行し、決算早期化を実現する。", rebaseline=True, quality_poor=True,
    ),
    ProjectSpec(
        "データセンター移設", INFRA, None, INF, "pm3", H, SCHEDULE_SLIP, "全社",
        "本社データセンターの機器を郊外の新データセンターへ移設する。契約条件見直しのため一時中断中。",
    ),
    ProjectSpec(
        "顧客ポータル刷新", DX, "PG-DX", SYS, "pm1", A, ON_TRACK, "営業本部",
        "顧客向け会員ポータルを刷新し、注文状況・請求書をオンラインで確認できるようにする。", deputy="pm3",
    ),
    ProjectSpec(
        "生産管理システム再構築", CORE, "PG-CORE", SYS, "pm4", A, SCHEDULE_SLIP, "製造本部",
        "工場3拠点の生産計画・工程管理を統合した生産管理システムを再構築する。", rebaseline=True,
    ),
    ProjectSpec(
        "AWS Landing Zone構築", INFRA, "PG-CORE", INF, "pm2", A, ON_TRACK, "全社",
        "基幹刷新の共通基盤として、マルチアカウント構成のクラウド基盤を整備する。",
    ),
    ProjectSpec(
        "事業統合準備 (Project Falcon)", CORE, None, BIZ, "pm3", A, RECOVERING, "経営企画部",
        "事業統合に向けたシステム統合方針の策定。インサイダー情報を含むため関係者限定。", confidential=True,
    ),
    ProjectSpec(
        "モバイル営業支援アプリ開発", DX, "PG-DX", SYS, "pm1", A, ON_TRACK, "営業本部",
        "営業担当者がスマートフォンから商談・在庫・見積を扱えるアプリを開発する。",
    ),
    ProjectSpec(
        "在庫管理 Modernization", CORE, "PG-CORE", SYS, "pm4", A, COST_OVERRUN, "物流部",
        "在庫管理システムをマイクロサービス化し、倉庫管理システムとのリアルタイム連携を実現する。",
    ),
    ProjectSpec(
        "統合ID管理(IDaaS)導入", INFRA, None, INF, "pm2", C, ON_TRACK, "全社",
        "社内システムのIDとシングルサインオンをIDaaSに統合した。",
    ),
    ProjectSpec(
        "CRM Integration", DX, None, SYS, "pm3", A, ON_TRACK, "営業本部",
        "Connect the CRM with sales management and the customer portal: one record per customer.", english=True,
        quality_poor=True,
    ),
    ProjectSpec(
        "インボイス制度対応", CORE, None, BIZ, "pm1", C, ON_TRACK, "経理部",
        "適格請求書等保存方式に対応するため、請求書発行と受領の業務・システムを改修した。",
    ),
    ProjectSpec(
        "Windows 11 移行", INFRA, None, INF, "pm4", A, ON_TRACK, "全社",
        "全社約3,000台の端末をWindows 11へ移行する。",
    ),
    ProjectSpec(
        "電子契約サービス導入", DX, "PG-DX", BIZ, "pm2", A, ON_TRACK, "法務部",
        "取引先との契約締結を電子契約サービスに移行し、印紙税と郵送コストを削減する。",
    ),
    ProjectSpec(
        "EDI Gateway Replacement", CORE, "PG-CORE", SYS, "pm3", A, SCHEDULE_SLIP, "購買部",
        "Replace the EDI gateway used with about 400 trading partners and move to internet EDI.", english=True,
        quality_poor=True,
    ),
    ProjectSpec(
        "SOC/SIEM 高度化", INFRA, None, INF, "pm4", A, ON_TRACK, "情報セキュリティ室",
        "セキュリティ監視(SOC)とログ分析基盤(SIEM)を高度化する。攻撃対策の詳細を含むため関係者限定。",
        confidential=True,
    ),
    ProjectSpec(
        "BIダッシュボード整備", DX, "PG-DX", SYS, "pm1", A, RECOVERING, "経営企画部",
        "経営指標を日次で可視化するBIダッシュボードを整備する。",
    ),
    ProjectSpec(
        "購買管理システム統合", CORE, "PG-CORE", SYS, "pm2", A, ON_TRACK, "購買部",
        "事業部ごとに分かれている購買管理システムを統合し、集中購買を可能にする。",
    ),
    ProjectSpec(
        "Backup & DR Modernization", INFRA, None, INF, "pm3", A, COST_OVERRUN, "全社",
        "Consolidate backups in the cloud and build a disaster recovery (DR) site for the core systems.", english=True,
    ),
    ProjectSpec(
        "RPA業務自動化 第2期", DX, None, BIZ, "pm4", A, ON_TRACK, "管理本部",
        "第1期の成果を踏まえ、管理部門の定型業務30件をRPAで自動化する。",
    ),
    ProjectSpec(
        "マスタデータ管理(MDM)導入", CORE, "PG-CORE", SYS, "pm3", P, ON_TRACK, "経営企画部",
        "取引先・品目マスタを一元管理するMDMを導入する。",
    ),
    ProjectSpec(
        "ネットワーク機器更改", INFRA, None, INF, "pm2", A, SCHEDULE_SLIP, "全社",
        "保守期限を迎える拠点ネットワーク機器(約120拠点)を更改する。",
    ),
    ProjectSpec(
        "Customer Data Platform PoC", DX, "PG-DX", RND, "pm3", A, ON_TRACK, "マーケティング部",
        "A proof of concept of personalised campaigns on a customer data platform (CDP).", english=True,
    ),
    ProjectSpec(
        "ITSM Platform Migration", INFRA, None, INF, "pm4", A, ON_TRACK, "インフラ運用部",
        "Move incident and change management to a SaaS ITSM tool.", english=True,
    ),
    ProjectSpec(
        "社内ポータル Renewal", DX, None, SYS, "pm4", C, ON_TRACK, "総務部",
        "社内ポータルをリニューアルし、全社の申請・お知らせを集約した。",
    ),
    ProjectSpec(
        "Order Management API化", CORE, None, SYS, "pm1", P, ON_TRACK, "営業本部",
        "受注機能をAPIとして公開し、ECサイトや取引先システムと連携可能にする。",
    ),
    ProjectSpec(
        "監視基盤統合", INFRA, None, INF, "pm3", A, ON_TRACK, "インフラ運用部",
        "システムごとに分散している監視ツールを統合監視基盤に集約する。",
    ),
)
# fmt: on

PHASE_LABELS = {
    Phase.INITIATION: "立上げ",
    Phase.REQUIREMENTS: "要件定義",
    Phase.DESIGN: "設計",
    Phase.BUILD: "製造",
    Phase.TEST: "テスト",
    Phase.DEPLOYMENT: "移行・展開",
    Phase.CLOSURE: "終結",
}

# Milestones: (name, phase, fraction of the planned duration, phase gate, optional).
MilestoneTemplate = tuple[str, str, float, bool, bool]
_I, _R, _D, _B, _T, _P, _C = (
    Phase.INITIATION,
    Phase.REQUIREMENTS,
    Phase.DESIGN,
    Phase.BUILD,
    Phase.TEST,
    Phase.DEPLOYMENT,
    Phase.CLOSURE,
)
MILESTONES_SYSTEM_JA: tuple[MilestoneTemplate, ...] = (
    ("キックオフ", _I, 0.03, False, False),
    ("要件定義完了", _R, 0.20, True, False),
    ("基本設計完了", _D, 0.35, True, False),
    ("詳細設計レビュー完了", _D, 0.43, False, True),
    ("製造・単体テスト完了", _B, 0.65, True, False),
    ("結合テスト完了", _T, 0.75, False, True),
    ("総合テスト完了", _T, 0.85, True, False),
    ("ユーザー受入テスト完了", _T, 0.91, False, True),
    ("本番リリース", _P, 0.97, True, False),
    ("プロジェクト完了報告", _C, 1.00, True, False),
)
MILESTONES_SYSTEM_EN: tuple[MilestoneTemplate, ...] = (
    ("Kick-off", _I, 0.03, False, False),
    ("Requirements sign-off", _R, 0.20, True, False),
    ("Solution design approved", _D, 0.35, True, False),
    ("Detailed design review", _D, 0.43, False, True),
    ("Build complete", _B, 0.65, True, False),
    ("Integration test complete", _T, 0.75, False, True),
    ("System test complete", _T, 0.85, True, False),
    ("UAT sign-off", _T, 0.91, False, True),
    ("Go-live", _P, 0.97, True, False),
    ("Project closure", _C, 1.00, True, False),
)
MILESTONES_INFRA_JA: tuple[MilestoneTemplate, ...] = (
    ("キックオフ", _I, 0.03, False, False),
    ("現状調査・要件定義完了", _R, 0.20, True, False),
    ("方式設計完了", _D, 0.35, True, False),
    ("詳細設計完了", _D, 0.45, False, True),
    ("構築完了", _B, 0.65, True, False),
    ("単体・結合試験完了", _T, 0.75, False, True),
    ("運用試験完了", _T, 0.85, True, False),
    ("移行リハーサル完了", _P, 0.92, False, True),
    ("本番切替", _P, 0.97, True, False),
    ("完了報告", _C, 1.00, True, False),
)
MILESTONES_INFRA_EN: tuple[MilestoneTemplate, ...] = (
    ("Kick-off", _I, 0.03, False, False),
    ("Assessment complete", _R, 0.20, True, False),
    ("Architecture approved", _D, 0.35, True, False),
    ("Low-level design complete", _D, 0.45, False, True),
    ("Build complete", _B, 0.65, True, False),
    ("Integration test complete", _T, 0.75, False, True),
    ("Operational acceptance", _T, 0.85, True, False),
    ("Cut-over rehearsal", _P, 0.92, False, True),
    ("Cut-over", _P, 0.97, True, False),
    ("Project closure", _C, 1.00, True, False),
)

PROJECT_ROLES = ("アーキテクト", "業務リード", "開発リーダー", "テストリーダー", "インフラ担当", "移行担当")
DEPUTY_ROLE = "サブPM"

VENDORS = (
    "株式会社サンプルシステムズ",
    "ミライ情報サービス株式会社",
    "日本テック・パートナーズ株式会社",
    "Example Consulting K.K.",
)

# ---------------------------------------------------------------------------------------------------------
# Weekly status report phrases
# ---------------------------------------------------------------------------------------------------------

SUMMARY_GREEN = (
    "{phase}工程は計画どおり進捗している。進捗率は{pc}%で、品質・コストとも目標の範囲内。",
    "全体として順調に推移。{phase}工程の主要タスクは予定どおり完了する見込み。",
    "計画どおり。今週は{phase}工程の作業を中心に進め、大きな課題の発生はなし。",
    "{phase}工程を予定どおり実施中。課題はいずれも期限内に対応できている。",
    "進捗・コスト・品質とも計画どおり。来週も{phase}工程の作業を継続する。",
)
SUMMARY = {
    ("schedule", "amber"): (
        "{phase}工程で一部遅れが発生。要員の追加と作業順序の見直しでリカバリを図る。",
        "{phase}工程の完了が1〜2週間遅れる見込み。クリティカルパスへの影響を精査中。",
        "外部要因(取引先との調整)により{phase}工程がやや遅延。来週中に挽回計画を提示する。",
    ),
    ("schedule", "red"): (
        "{phase}工程の遅延が拡大。現行計画での完了は困難であり、計画見直し案をステアリングコミッティに諮る。",
        "主要課題の解決が遅れ、後続工程に影響が出ている。PMOの支援を要請する。",
    ),
    ("cost", "amber"): (
        "コスト実績が計画をやや上回っている。外部委託費の精査と抑制策を実施中。",
        "追加作業の発生によりコストが計画を上回る傾向。今月中に見通しを再評価する。",
    ),
    ("cost", "red"): (
        "コスト超過が続いており、完了時見積(EAC)が予算を大きく上回る見込み。スコープ調整と追加予算の要否を協議中。",
        "想定外の追加作業でコストが大幅に超過。ベンダー契約の見直しを含めて対策を検討中。",
    ),
    ("quality", "amber"): (
        "品質指標が目標をやや下回っている。レビューの強化とテスト観点の追加で対応中。",
        "未解決の不具合が増加傾向。優先度の高い不具合から集中的に対応している。",
    ),
    ("quality", "red"): (
        "不具合の収束が遅れており、品質目標を大きく下回っている。品質改善計画を策定中。",
        "テスト合格率が低迷。原因分析の結果、設計段階の考慮漏れが多く、設計の再レビューを実施する。",
    ),
}
ACHIEVEMENTS = {
    Phase.INITIATION: (
        "プロジェクト計画書(案)を作成",
        "体制・役割分担を確定",
        "キックオフ会議を開催",
        "ステークホルダー分析を実施",
    ),
    Phase.REQUIREMENTS: (
        "業務要件ヒアリングを{n}回実施",
        "現行業務フローを可視化",
        "非機能要件(性能・可用性)を整理",
        "要件定義書 第{n}版のレビューを完了",
    ),
    Phase.DESIGN: (
        "基本設計書(画面・帳票)のレビューを完了",
        "外部インターフェース仕様を関係部署と合意",
        "データベースの論理設計を完了",
        "方式設計レビューを実施(指摘{n}件)",
    ),
    Phase.BUILD: (
        "{n}本のプログラム製造を完了",
        "単体テストを{n}ケース消化",
        "コードレビュー指摘への対応を完了",
        "共通部品の第{n}版をリリース",
    ),
    Phase.TEST: (
        "結合テストを{n}ケース消化",
        "不具合{n}件を修正し再テストを完了",
        "オンライン性能テストを実施",
        "受入テスト環境の準備を完了",
    ),
    Phase.DEPLOYMENT: (
        "移行リハーサル第{n}回を実施",
        "本番環境の構築を完了",
        "利用者向け説明会を{n}回開催",
        "運用手順書を運用部門へ引き継ぎ",
    ),
    Phase.CLOSURE: (
        "完了報告書を作成",
        "教訓(Lessons learned)を整理",
        "運用部門への引き継ぎを完了",
    ),
}
NEXT_PLANS = {
    Phase.INITIATION: ("プロジェクト計画書の承認取得", "要件定義の進め方の合意", "WBSの詳細化"),
    Phase.REQUIREMENTS: ("要件定義書のレビュー", "業務部門との要件確認会", "非機能要件の合意"),
    Phase.DESIGN: ("基本設計レビューの実施", "外部IF仕様の確定", "詳細設計への着手"),
    Phase.BUILD: ("残りプログラムの製造", "単体テストの継続", "結合テスト計画書の作成"),
    Phase.TEST: ("結合テストの継続", "不具合の修正と再テスト", "受入テストの準備"),
    Phase.DEPLOYMENT: ("移行リハーサルの実施", "本番切替判定会の準備", "利用者教育の実施"),
    Phase.CLOSURE: ("完了報告会の開催", "契約の検収", "プロジェクト資産の整理"),
}
HELP_NEEDED = (
    "業務部門からのレビュー要員の確保について、PMOから調整をお願いしたい。",
    "追加予算の要否について、次回ステアリングコミッティでの判断をお願いしたい。",
    "取引先との接続試験日程について、購買部からの働きかけをお願いしたい。",
    "他プロジェクトとの要員調整(アーキテクト1名)をお願いしたい。",
)
OVERRIDE_BETTER = (
    "遅れは今週中にリカバリ済みであり、数値上の遅延は実績計上のタイミングによるもののため緑と判断。",
    "外注費の前倒し計上によるもので、実質的な超過ではないため緑と判断。",
    "不具合は軽微なものが大半で、リリース判定への影響はないため緑と判断。",
)
OVERRIDE_WORSE = (
    "ベンダー側キーマンの離任が決まり、来月以降の遅延リスクが高いため黄とする。",
    "業務部門の受入体制が未確定のため、予防的に黄とする。",
    "変更要求の影響評価が終わっていないため黄とする。",
)
SCOPE_COMMENT = "変更要求の影響評価中のため、スコープを黄とし全体も黄とする。"
REVIEW_COMMENTS = (
    "コスト実績の根拠(外注費の計上月)を追記してください。",
    "遅延している課題の対応期限と担当者を明記してください。",
    "スケジュールを緑とした理由を補足してください。",
    "ベンダー要員リスクへの対応策を追記してください。",
)

# ---------------------------------------------------------------------------------------------------------
# Issues, risks, change requests, meetings
# ---------------------------------------------------------------------------------------------------------

# (title, description, resolution)
ISSUES: tuple[tuple[str, str, str], ...] = (
    (
        "要件の確定遅延(受注業務)",
        "業務部門との要件合意が遅れており、基本設計の着手に影響が出ている。",
        "業務部門長を交えた集中討議で要件を確定した。",
    ),
    (
        "テスト環境の構築遅れ",
        "クラウド環境の申請承認が遅れ、結合テスト環境の準備が予定より遅れている。",
        "暫定的に開発環境を流用し、並行して本環境を構築した。",
    ),
    (
        "ベンダー要員の不足",
        "委託先の要員2名が他案件へ異動となり、製造工程の生産性が低下している。",
        "委託先と協議し、後任要員を確保した。",
    ),
    (
        "バッチ処理の性能要件未達",
        "月次締めバッチが目標時間(2時間)を超過している(現状3.5時間)。",
        "SQLのチューニングと並列化により目標時間内に短縮した。",
    ),
    (
        "移行データの品質不良",
        "現行システムの顧客マスタに重複・欠損があり、移行リハーサルでエラーが多発した。",
        "データクレンジングのルールを定め、業務部門と補正を実施した。",
    ),
    (
        "Legacy API specification gaps",
        "The legacy order API behaves differently from its documentation for partial shipments.",
        "Agreed the behaviour with the owning team and documented it.",
    ),
    (
        "帳票レイアウトの追加要望",
        "利用部門から帳票5種の追加要望があり、スコープの判断が必要。",
        "変更要求として起票し、次期リリースで対応することで合意した。",
    ),
    (
        "ライセンス費用の見積差異",
        "ソフトウェアライセンスの見積額が予算計上額を約15%上回っている。",
        "ボリュームディスカウントの交渉により差異を解消した。",
    ),
    (
        "外部接続先との試験日程が未調整",
        "取引先との接続試験日程が未確定で、結合テストの計画が組めない。",
        "取引先3社と試験日程を確定した。",
    ),
    (
        "セキュリティ診断での指摘事項",
        "第三者診断で中リスクの指摘が4件あり、リリース前の対応が必要。",
        "全件対応し、再診断で問題がないことを確認した。",
    ),
    (
        "UAT要員の確保",
        "ユーザー受入テストに必要な業務部門の要員(延べ40人日)が確保できていない。",
        "業務部門と調整し、繁忙期を避けた日程で要員を確保した。",
    ),
    (
        "Firewall rule change backlog",
        "Firewall rule change requests wait more than two weeks at the network team.",
        "A weekly change window was agreed with the network team.",
    ),
    (
        "インターフェース仕様の齟齬",
        "会計システムとの連携項目で勘定科目コードの桁数に齟齬がある。",
        "変換テーブルを設けることで合意した。",
    ),
    (
        "切り戻し手順が未整備",
        "本番切替時の切り戻し手順書が未作成で、移行判定基準を満たしていない。",
        "切り戻し手順書を作成し、リハーサルで検証した。",
    ),
    (
        "キーマンへの作業集中",
        "アーキテクトに設計判断が集中し、レビュー待ちが滞留している。",
        "レビュー権限を委譲し、サブリーダーを任命した。",
    ),
    (
        "クラウド利用料の増加",
        "検証環境の常時稼働により、クラウド利用料が計画の1.4倍になっている。",
        "夜間・休日の自動停止を設定した。",
    ),
    (
        "端末調達の納期遅延",
        "部材不足の影響で新端末の納期が6週間遅れる見込み。",
        "代替機種への切替で納期を確保した。",
    ),
    (
        "Test data masking not approved",
        "Copies of production data for testing are waiting for approval by the privacy office.",
        "The privacy office approved the masking rules.",
    ),
    (
        "利用者マニュアルの作成遅れ",
        "新しい業務フローに合わせた利用者マニュアルの作成が遅れている。",
        "業務部門と分担して作成し、レビューを完了した。",
    ),
    (
        "旧システムの保守期限",
        "現行ハードウェアの保守期限が来年3月で切れるため、延長契約の要否を判断する必要がある。",
        "半年分の保守延長契約を締結した。",
    ),
)

# (title, cause, effect, mitigation plan, trigger)
RISKS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "主要メンバーの離任",
        "プロジェクト期間中の人事異動",
        "設計ノウハウの喪失と進捗の遅延",
        "ドキュメントの整備とペア作業による知識共有",
        "異動内示の発表",
    ),
    (
        "ベンダーの納期遅延",
        "委託先で複数案件が並行し要員が逼迫",
        "製造工程の遅延",
        "週次での進捗確認と代替要員の事前確保",
        "週次進捗で2週連続の遅れ",
    ),
    (
        "クラウド費用の想定超過",
        "利用量の見積り精度の不足",
        "ランニングコストの予算超過",
        "利用状況の月次モニタリングとリザーブドインスタンスの活用",
        "月額費用が計画の120%を超過",
    ),
    (
        "業務部門のUAT要員不足",
        "決算期と受入テスト期間の重複",
        "受入テストの遅延と品質の低下",
        "テスト期間の前倒しと業務部門への早期の依頼",
        "要員確保の回答期限の超過",
    ),
    (
        "法改正による仕様変更",
        "電子帳簿保存法などの改正動向",
        "追加開発の発生",
        "法改正情報の定期確認と拡張性を考慮した設計",
        "改正案の公表",
    ),
    (
        "データ移行時の不整合",
        "現行データの品質不良",
        "本番移行の遅延",
        "移行リハーサルの複数回実施とデータクレンジング",
        "リハーサルでのエラー率が5%を超過",
    ),
    (
        "性能要件の未達",
        "想定を超えるデータ量",
        "本番稼働後のレスポンス悪化",
        "早期の性能検証と負荷テストの実施",
        "性能テストで目標値が未達",
    ),
    (
        "為替変動によるライセンス費用の増加",
        "ドル建ての契約",
        "調達コストの増加",
        "円建て契約への切替交渉",
        "為替が1ドル160円を超過",
    ),
    (
        "Key supplier insolvency",
        "A small specialist supplier with weak finances",
        "Loss of support for a core component",
        "Escrow agreement; a second supplier qualified",
        "The supplier misses two deliveries",
    ),
    (
        "Vulnerability in a core open-source library",
        "Use of open-source components",
        "Emergency patching and re-testing",
        "SBOM management and monthly vulnerability scans",
        "A CVSS 7.0+ advisory is published",
    ),
    (
        "切替時の業務停止時間の超過",
        "移行手順の複雑さ",
        "業務への影響と顧客対応の遅延",
        "切替リハーサルの実施と判定基準の明確化",
        "リハーサルで停止時間が計画を超過",
    ),
    (
        "ステークホルダー間の合意遅延",
        "複数部門にまたがる業務変更",
        "意思決定の遅れによる後続工程の遅延",
        "ステアリングコミッティでの早期エスカレーション",
        "合意期限の超過",
    ),
)

# (title, reason, is a decision-log entry)
CHANGE_REQUESTS: tuple[tuple[str, str, bool], ...] = (
    ("帳票レイアウトの追加(5帳票)", "利用部門からの追加要望。法定帳票への対応のため必須。", False),
    ("外部API連携先の追加", "新規取引先とのデータ連携が事業計画上必要になったため。", False),
    ("リリース時期の変更", "業務の繁忙期を避けるため、本番切替を1か月後ろ倒しする。", False),
    ("性能要件の見直し", "データ量の見直しにより、バッチ処理の目標時間を変更する。", False),
    ("Add SSO for partner users", "Partners need to sign in with their own identity provider.", False),
    ("対象拠点の追加(2拠点)", "組織再編により対象拠点が増えたため。", False),
    ("クラウド基盤構成の変更", "可用性要件の引き上げに伴い、マルチAZ構成に変更する。", False),
    ("開発フレームワークの選定", "保守性と社内技術者のスキルを考慮し、全社標準のフレームワークを採用する。", True),
    ("テスト自動化ツールの採用", "回帰テスト工数を削減するため、テスト自動化ツールを採用する。", True),
)
REBASELINE_REASON = "変更要求「{cr}」の承認に伴い、完了予定日と予算(BAC)を見直す。"
REBASELINE_REASON_EN = "Change request “{cr}” was approved: the planned end date and the budget (BAC) are revised."

ACTION_ITEMS = (
    "UAT要員のアサインを確定する",
    "ベンダー見積を再取得する",
    "移行リハーサル計画書を作成する",
    "性能テストの結果を報告する",
    "課題一覧を更新し優先度を見直す",
    "Update the cut-over runbook",
    "取引先への接続試験依頼を送付する",
    "リスク対応策の進捗を確認する",
    "次回ステアリングコミッティの資料を準備する",
    "Confirm licence counts with procurement",
    "要件変更の影響見積を作成する",
    "教育計画(利用者説明会)を作成する",
)
WEEKLY_MINUTES = (
    "1. 進捗報告: 全体の進捗率は{pc}%(信号: {rag})。\n"
    "2. 課題の確認: 未完了の課題{issues}件を確認し、期限を過ぎたものは担当者が対応方針を説明した。\n"
    "3. リスクの確認: 上位リスクの対応状況を確認した。\n"
    "4. 来週の予定: {next}"
)
STEERING_MINUTES = (
    "1. プロジェクト全体状況の報告(進捗率{pc}%、信号: {rag})\n"
    "2. コスト実績と完了時見積(EAC)の報告\n"
    "3. 重要課題・リスクの報告と対応方針の審議\n"
    "4. 次フェーズへの移行可否の確認"
)
STEERING_DECISIONS = (
    "現行計画の継続を承認した。",
    "リカバリ計画を承認し、翌月のステアリングコミッティで効果を確認することとした。",
    "追加要員の投入を承認した。",
    "次フェーズへの移行を承認した。",
)
RAG_LABELS = {"green": "緑", "amber": "黄", "red": "赤"}


def sponsor(spec: ProjectSpec) -> str:
    return SPONSORS_EN[spec.org] if spec.english else SPONSORS[spec.org]


def customer(spec: ProjectSpec) -> str:
    """The customer as the project record shows it (the Japanese name serves the Japanese meeting texts)."""
    return CUSTOMERS_EN[spec.customer] if spec.english else spec.customer


def in_language(entries: tuple, spec: ProjectSpec) -> list:
    """The catalogue ``entries`` a project may use: a Japanese project's records are Japanese only (an English
    entry is one whose title is ASCII); an English-named project may use every entry."""
    if spec.english:
        return list(entries)
    return [e for e in entries if not str(e[0] if isinstance(e, tuple) else e).isascii()]


def rebaseline_reason(change_title: str) -> str:
    """The re-baseline's reason, in the language of the change request it cites."""
    return (REBASELINE_REASON_EN if change_title.isascii() else REBASELINE_REASON).format(cr=change_title)
