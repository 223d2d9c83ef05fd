"""The standards pages: library (documents, checklists, blueprints), runs, gate reviews, compliance and the
fragments shown on project and home pages."""
