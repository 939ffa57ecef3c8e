"""Every action code the code base writes has a Russian name on the screens and in the export."""

from __future__ import annotations

import ast
from pathlib import Path

from agreements.models import AgreementStatus
from audit.labels import audit_action_label

ROOT = Path(__file__).resolve().parents[2]
VERBS_OF_AUDITED_ACTIONS = ("create", "update", "delete")


def _constants(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constants(node.body) + _constants(node.orelse)
    return []


def _module_codes(tree: ast.Module) -> set[str]:
    """Codes passed to ``audit_record``/``audit_record_municipal``/``_audit``, import specs' codes,
    audited-action prefixes; a module whose ``_audit`` builds ``f"<object>.{verb}"`` gets its verbs
    prefixed."""
    prefix = ""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "_audit":
            for inner in ast.walk(node):
                if isinstance(inner, ast.keyword) and inner.arg == "action" and isinstance(inner.value, ast.JoinedStr):
                    first = inner.value.values[0]
                    prefix = str(first.value) if isinstance(first, ast.Constant) else ""
    codes: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ("audit_record", "audit_record_municipal", "_audit"):
                values = [v for kw in node.keywords if kw.arg == "action" for v in _constants(kw.value)]
                values += [v for arg in node.args for v in _constants(arg)]
                for value in values:
                    if "." in value:
                        codes.add(value)
                    elif prefix and value.isidentifier():
                        codes.add(prefix + value)
            if name == "audited_actions_register" and len(node.args) == 3:
                codes |= {f"{c}.{verb}" for c in _constants(node.args[2]) for verb in VERBS_OF_AUDITED_ACTIONS}
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "audit_action" for t in node.targets):
            codes |= set(_constants(node.value))
    return codes


def _written_codes() -> set[str]:
    codes: set[str] = set()
    for folder in ("platform", "tenants", "cms"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" not in path.parts:
                codes |= _module_codes(ast.parse(path.read_text(encoding="utf-8")))
    # Written as ``f"agreement.{new_status}"`` by the daily term check.
    codes |= {f"agreement.{status}" for status in (AgreementStatus.EXPIRING, AgreementStatus.EXPIRED)}
    return codes


def test_the_scan_finds_the_codes_of_every_kind_of_writer():
    codes = _written_codes()
    for code in ("teacher.update", "plan.transition", "consultation.answer", "agreement.sign", "audit.view"):
        assert code in codes
    assert "organisation.import" in codes and "regional_event.withdraw" in codes


def test_every_written_code_has_a_russian_name():
    unnamed = sorted(code for code in _written_codes() if audit_action_label(code) == code)
    assert unnamed == []


def test_a_label_reads_object_then_verb_and_an_unknown_code_stays_as_is():
    assert audit_action_label("teacher.update") == "Педагог: изменение"
    assert audit_action_label("plan.transition") == "Годовой план: смена статуса"
    assert audit_action_label("someone.elses_code") == "someone.elses_code"
