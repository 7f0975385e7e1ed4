"""The shape of the rules: one module per clause kind, each opening with its legal text,
registered once; one validation of events for files and for Python alike."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pendulum
import pytest

import treatystate
from treatystate import Event, Scenario, presets
from treatystate._model.events import EVENT_TYPES
from treatystate._rules import EVENT_KINDS, RULES

RULES_DIR = Path(treatystate.__file__).parent / "_rules"
RULE_MODULES = sorted(p for p in RULES_DIR.glob("*.py")
                      if p.name not in ("__init__.py", "rule.py", "validate.py"))
CENTRAL_ASIA = presets.get("china-central-asia-2025")
D = pendulum.Date


def test_every_event_type_is_handled_by_exactly_one_rule() -> None:
    """Each input event type of the model is declared by one rule module, and no rule
    declares a type the model does not know."""
    declared = [kind for rule in RULES for kind in rule.events]
    assert sorted(declared) == sorted(set(declared))
    assert set(declared) == set(EVENT_TYPES)


def test_every_rule_module_is_registered_once() -> None:
    """The list in _rules/__init__.py names every rule module, once."""
    assert sorted(rule.name for rule in RULES) == sorted(p.stem for p in RULE_MODULES)


@pytest.mark.parametrize("path", RULE_MODULES, ids=lambda p: p.stem)
def test_each_rule_module_opens_with_the_legal_text_it_implements(path: Path) -> None:
    """A rule module's docstring quotes the article it implements (a cited article and
    a quotation in its first lines)."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    assert re.search(r"\bart(icle|\.|s\.)", doc, re.IGNORECASE), path.name
    assert '"' in doc, f"{path.name} quotes no legal text"


@pytest.mark.parametrize("path", RULE_MODULES, ids=lambda p: p.stem)
def test_every_refusal_label_is_declared_by_its_rule(path: Path) -> None:
    """Each refusal a rule module raises carries a label its RULE declares (so that the
    labels the list of possible events gives are the engine's)."""
    text = path.read_text(encoding="utf-8")
    raised = set(re.findall(r'refuse\(\s*event,\s*"([a-z_]+\.[a-z-]+)"', text))
    raised |= set(re.findall(r'label = "([a-z_]+\.[a-z-]+)"', text))
    [rule] = [rule for rule in RULES if rule.name == path.stem]
    assert raised <= set(rule.refusals), raised - set(rule.refusals)
    assert all(label.startswith(f"{rule.name}.") for label in rule.refusals)


def _scenario_with(event: Event) -> Scenario:
    return Scenario(CENTRAL_ASIA, (Event(0, "signature", D(2025, 6, 17)),
                                   Event(1, event.type, event.date, party=event.party,
                                         protocol=event.protocol)))


def test_an_event_whose_clause_the_treaty_lacks_is_refused_in_python() -> None:
    """A Scenario built in Python with a `provisional-application` event, for a treaty
    with no provisional-application clause, is refused with a TreatyStateError that
    names the event and the missing clause (not an AssertionError at run time)."""
    with pytest.raises(treatystate.TreatyStateError) as raised:
        _scenario_with(Event(1, "provisional-application", D(2025, 7, 1), party="KAZ"))
    message = str(raised.value)
    assert "event 1 ('provisional-application')" in message
    assert "[provisional_application]" in message


def test_a_consent_to_a_protocol_that_does_not_exist_is_refused_in_python() -> None:
    with pytest.raises(treatystate.TreatyStateError) as raised:
        _scenario_with(Event(1, "protocol-consent", D(2025, 7, 1), party="KAZ",
                             protocol="no-such-protocol"))
    message = str(raised.value)
    assert "event 1 ('protocol-consent')" in message
    assert "'no-such-protocol' is not a protocol" in message


def test_an_armed_conflict_without_its_clause_is_refused_in_python() -> None:
    with pytest.raises(treatystate.TreatyStateError, match="no armed-conflict clause"):
        _scenario_with(Event(1, "armed-conflict-start", D(2025, 7, 1), party="KAZ"))


def test_a_key_its_event_type_does_not_take_is_refused_in_python_as_in_a_file() -> None:
    """One validation: a signature names its States in `parties`; built in Python with
    `party` it is refused, as the file loader refuses the key (before, the Python-built
    scenario ran, and its to_toml() did not read back)."""
    with pytest.raises(treatystate.TreatyStateError, match="a signature event takes no `party`"):
        Scenario(CENTRAL_ASIA, (Event(0, "signature", D(2025, 6, 17), party="KAZ"),))
    with pytest.raises(treatystate.TreatyStateError, match="party"):
        treatystate.loads('treaty = "china-central-asia-2025"\n[[events]]\n'
                          'type = "signature"\nparty = "KAZ"\ndate = 2025-06-17\n')


def test_the_file_loader_refuses_the_same_event_with_the_same_words() -> None:
    """The loader and Scenario(...) share one validation: the same message."""
    text = """
treaty = "china-central-asia-2025"
[[events]]
type = "signature"
date = 2025-06-17
[[events]]
type = "provisional-application"
party = "KAZ"
date = 2025-07-01
"""
    with pytest.raises(treatystate.ScenarioFileError) as from_file:
        treatystate.loads(text)
    with pytest.raises(treatystate.ScenarioFileError) as from_python:
        _scenario_with(Event(1, "provisional-application", D(2025, 7, 1), party="KAZ"))
    clause = "provides for no provisional application"
    assert clause in str(from_file.value) and clause in str(from_python.value)


def test_the_loader_takes_the_keys_each_rule_declares() -> None:
    from treatystate._io.scenario_file import _EVENT_KEYS

    assert {kind: keys - {"type", "date"} for kind, keys in _EVENT_KEYS.items()} == {
        kind: set(event.keys) for kind, event in EVENT_KINDS.items()
    }


EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))


def _clause_texts(treaty: treatystate.Treaty) -> set[str | None]:
    texts: set[str | None] = {None, treaty.entry_into_force.text, treaty.withdrawal.text,
                              treaty.termination.text, treaty.participation.text}
    texts |= {duty.text for duty in treaty.duties} | {p.text for p in treaty.protocols}
    for clause in (treaty.term, treaty.provisional_application):
        texts.add(getattr(clause, "text", None))
    return texts


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_each_basis_quotes_a_clause_of_its_treaty_and_renders_the_detail(path: Path) -> None:
    """Every derived entry carries a basis; its `text` is one of the treaty's clause
    texts (so no account was put in its place), and the entry's `detail` is the
    basis rendered."""
    scenario = treatystate.load(path)
    try:
        outcome = scenario.run()
    except treatystate.TreatyStateError:
        return
    texts = _clause_texts(scenario.treaty)
    for entry in outcome.timeline:
        if entry.source == "input":
            assert entry.basis is None
            continue
        assert entry.basis is not None
        assert entry.basis.text in texts, (entry.kind, entry.basis.text)
        assert entry.detail == entry.basis.detail()
        assert entry.cites == entry.basis.cites


@pytest.mark.parametrize("event", [
    Event(1, "provisional-application", D(2025, 7, 1), party="KAZ"),
    Event(1, "provisional-application-end", D(2025, 7, 1), party="KAZ"),
    Event(1, "protocol-consent", D(2025, 7, 1), party="KAZ", protocol="none-such"),
], ids=lambda e: e.type)
def test_an_event_that_skipped_validation_is_refused_not_asserted(event: Event) -> None:
    """Even handed to the engine directly, without the validation, an event whose
    clause is missing is a RefusedEvent naming the problem, never an AssertionError."""
    from treatystate._engine.run import simulate

    with pytest.raises(treatystate.RefusedEvent) as refused:
        simulate(CENTRAL_ASIA, (Event(0, "signature", D(2025, 6, 17)), event), None)
    assert refused.value.refusal in ("validation.type", "validation.protocol")
