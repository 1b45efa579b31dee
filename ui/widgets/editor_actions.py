"""The application editor's actions on the whole application: fill placeholders from the
records, the workflow buttons (submit, decisions, new revision; asking first where a step
cannot be undone), comparing revisions, the details dialog, and the PDF / package actions.

A mixin of :class:`ui.widgets.application_editor.ApplicationEditor` (split from it by
responsibility); it uses the editor's ``ctx``, ``data``, ``app_id``, ``editable``,
``rows``, ``autosave``, ``flush``, ``_load``, ``qa``, ``side`` and signals. Error boxes go
through ``application_editor.show_error`` (the patch point tests use).
"""

from __future__ import annotations

from typing import Any

import shiboken6

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from coop_desktop.i18n.catalog import N_
from coop_desktop.models import ApplicationSectionRead
from coop_desktop.services import applications
from coop_desktop.services.applications import OpenIssuesError
from ui.widgets.bilingual_fields import bilingual, notify


CONFIRM: dict[str, tuple[str, str, str]] = {  # action -> title, question, button
    "submitted": (N_("Submit the application"),
                  N_("Submit revision {revision}? It is frozen as it is now and can no longer "
                     "be edited; to change it later you start a new revision."),
                  N_("Submit")),
    "accepted": (N_("Record the decision"),
                 N_("Record that the application was accepted? This cannot be undone."),
                 N_("Accepted")),
    "rejected": (N_("Record the decision"),
                 N_("Record that the application was rejected? You can then start a new "
                    "revision to revise and resubmit it."),
                 N_("Rejected")),
    "withdrawn": (N_("Withdraw the application"),
                  N_("Record that the application was withdrawn? It can no longer be changed "
                     "afterwards."),
                  N_("Withdraw")),
}


def ask(parent: QWidget, title: str, text: str, ok: str, cancel: str) -> bool:
    """A yes/no question (tests replace ``QMessageBox.exec``)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(ok, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(cancel, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes


def module_available(name: str) -> bool:
    from ui.widgets import application_editor

    return application_editor.module_available(name)


def show_error(*args: Any, **kwargs: Any) -> None:
    from ui.widgets import application_editor

    application_editor.show_error(*args, **kwargs)


class EditorActions:
    """The whole-application actions of the editor (see the module docstring)."""

    def refill(self, key: str | None) -> None:
        """Fill the placeholders still in the text (one section or all) from the records."""
        if not self.editable or self.app_id is None:
            return
        self.flush()
        app_id, db, settings = self.app_id, self.ctx.db, self.ctx.settings

        def work() -> tuple[Any, list[ApplicationSectionRead]]:
            out = applications.refill_placeholders(db, app_id, key, settings=settings)
            return out, applications.sections(db, app_id)

        def done(result: tuple[Any, list[ApplicationSectionRead]]) -> None:
            outcome, sections = result
            if not shiboken6.isValid(self) or app_id != self.app_id:
                return
            refill = outcome.value
            unsaved = {u.key for u in self.autosave.unsaved()}
            for section in sections:
                row = self.rows.get(section.key)
                if row is None or section.key not in refill.changed or section.key in unsaved:
                    continue
                self.autosave.mark_saved(section.key, section.zh, section.en)
                for edit, text in ((row.zh, section.zh), (row.en, section.en)):
                    if edit.text() != text:
                        edit.replace_all(text)  # undoable like any edit
            self._report_refill(refill)
            self.saved.emit(app_id)
            self._check_timer.start()

        self.ctx.mutate(work, parent=self, on_success=done)

    def _report_refill(self, refill: applications.Refill) -> None:
        tr = self.ctx.tr
        missing = sorted({p for paths in refill.unresolved.values() for p in paths})
        if missing:
            message = tr.ngettext(
                "{count} placeholder still has no value in the records: {names}",
                "{count} placeholders still have no value in the records: {names}",
                len(missing)).format(count=len(missing), names=", ".join(missing))
        elif refill.changed:
            message = tr.ngettext("Placeholders filled in {count} section.",
                                  "Placeholders filled in {count} sections.",
                                  len(refill.changed)).format(count=len(refill.changed))
        else:
            message = tr.gettext("Nothing to fill in: no placeholder is left.")
        notify(self, message)

    def workflow(self, action: str) -> None:
        """Run a workflow button's action (asking first where it cannot be undone)."""
        data = self.data
        if data is None:
            return
        tr = self.ctx.tr
        _ = tr.gettext
        if action in CONFIRM:
            title, question, ok = CONFIRM[action]
            if not ask(self, _(title), _(question).format(revision=data.app.revision), _(ok),
                       _("Cancel")):
                return
        self.flush()
        app_id, db, settings = data.app.id, self.ctx.db, self.ctx.settings
        if action == "new_revision":
            def work() -> Any:
                return applications.new_revision(db, app_id)
        else:  # submitting also stores the text in the translation memory (the service)
            def work() -> Any:
                return applications.set_status(db, app_id, action, settings=settings)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, OpenIssuesError):
                self._explain_not_ready(exc)
            else:
                show_error(self, tr, exc)

        self.ctx.mutate(work, parent=self, on_success=lambda _o: self._after_workflow(app_id),
                        on_failure=failed)

    def _after_workflow(self, app_id: int) -> None:
        if shiboken6.isValid(self) and app_id == self.app_id:
            self._load(app_id)

    def _explain_not_ready(self, exc: OpenIssuesError) -> None:
        tr = self.ctx.tr
        reasons = [e.render(tr) for e in exc.errors]
        box = QMessageBox(QMessageBox.Icon.Warning, tr.gettext("Not ready yet"), tr.ngettext(
            "The application cannot be marked ready: {count} error is still open. Fix it, "
            "or ignore it with a reason in the Checks panel.",
            "The application cannot be marked ready: {count} errors are still open. Fix "
            "them, or ignore them with a reason in the Checks panel.",
            len(reasons)).format(count=len(reasons)), parent=self)
        box.setObjectName("notReadyDialog")
        box.setInformativeText("\n".join(f"• {r}" for r in reasons[:12])
                               + ("\n…" if len(reasons) > 12 else ""))
        box.setDetailedText("\n".join(reasons))
        self.refusal = box
        self.side.setCurrentWidget(self.qa)
        self.qa.run_check()
        box.open()

    def compare_revisions(self) -> None:
        if self.app_id is None or not module_available("ui.widgets.revision_diff"):
            return
        from ui.widgets.revision_diff import RevisionDiffDialog

        dialog = RevisionDiffDialog(self.ctx, self.app_id, self)
        dialog.open()

    def edit_details(self) -> QDialog | None:
        """The application's details (title, zone, country, reference, deadline) in a dialog;
        saved with undo. Returns the dialog (for tests)."""
        data = self.data
        if data is None:
            return None
        from ui.context import UndoEntry
        from ui.widgets.bilingual_fields import show_failure
        from ui.widgets.new_application_dialog import NewApplicationDialog

        tr, db, app = self.ctx.tr, self.ctx.db, data.app
        name = bilingual(tr, data.firm.name_zh, data.firm.name_en)[0] if data.firm else ""
        dialog = NewApplicationDialog(self.ctx, self, existing=app, enterprise_name=name)

        def submit(values: dict[str, Any]) -> None:
            if not values:
                dialog.accept()
                return
            before = {k: getattr(app, k) for k in values}

            def done(_outcome: Any) -> None:
                dialog.accept()
                notify(self, tr.gettext("Details saved."), undoable=True)

            self.ctx.mutate(lambda: applications.update_meta(db, app.id, values), parent=dialog,
                            on_success=done,
                            on_failure=lambda exc: show_failure(dialog, tr, exc, dialog),
                            undo=UndoEntry(tr.gettext("Edit application details"),
                                           lambda: applications.update_meta(db, app.id, before)))

        dialog.submitted.connect(submit)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.title_zh.setFocus()
        return dialog

    def pdf(self, action: str) -> None:
        """Preview, export or print this application's PDF (``action``: a key of
        ``PDF_ACTIONS``). The unsaved text is sent first, on the lane that then builds the
        document, so the PDF shows what is on screen."""
        if self.app_id is None:
            return
        from ui.widgets import pdf_export

        self.flush()
        if action == "package":  # the dossier package (``ui.widgets.dossier_package``)
            from ui.widgets import dossier_package

            dossier_package.export_package(self.ctx, self.app_id, self)
            return
        pdf_export.run_action(action, self.ctx, self.app_id, self)

