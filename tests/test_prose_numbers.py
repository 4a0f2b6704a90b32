"""Every number in a chapter's prose is a definition or comes from the code.

A number the code computes (a cost, an epoch count, a ratio) must be printed by a block at
build, never typed into the prose, where it would go stale the day the code changes. This
test reads each chapter's prose (outside code fences, math, inline code and link targets:
a block's output never sits in the Markdown) and fails on any numeral, or number word, that
is not:

- one of ``CONSTANTS``, the definitions the project is built on (listed once, below);
- a setting typed into one of the same page's code blocks (``epochs=20_000``, ``seed=5``):
  prose that names a block's setting repeats the code, it computes nothing;
- one of the page's few ``ALLOWED`` phrases, each with the reason it is not computed.

Number words stand for numbers too ("forty epochs"), so words from eleven up and the vague
counts of training ("hundreds of epochs") are flagged like numerals.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"

#: The definitions, each once: the article's run, the conversion, the data, the cost.
CONSTANTS: dict[str, str] = {
    "70000": "the article's number of epochs",
    "0.0005": "the article's learning rate",
    "1.8": "the conversion's slope, 9/5",
    "9/5": "the conversion's slope",
    "32": "the conversion's offset",
    "1": "one: one neuron, one example, a factor of 1",
    "2": "two: two parameters, the 2 of a square",
    "0": "zero",
    "100": "the number of training (and test) examples; 100 °C, water boils",
    "99": "the largest training temperature",
    "0.5": "the first test temperature; the explorer's start w0 = b0 = 0.5",
    "1.5": "the second test temperature",
    "99.5": "the largest test temperature",
    "212": "100 °C in Fahrenheit, water boils",
    "70": "the article's question: 70 °C",
    "158": "70 °C in Fahrenheit, the article's answer",
    "-40": "where the two scales meet",
    "37": "body temperature, a conversion example",
    "2019": "the year of the original article",
    "7": "the article's seven functions",
    "70/30": "the article's split advice",
    "90/10": "the article's split advice",
    "95/5": "the article's split advice",
    "42": "the seed of the article's run on these pages",
    "3.10": "the Python version the project needs",
    "8000": "the port of `mkdocs serve`",
    "127.0.0.1": "the address of `mkdocs serve`",
    "754": "IEEE-754, the floating-point standard",
    "64": "64-bit floating point",
    "80": "an 80-column terminal",
}

#: Phrases a page may use, with the reason they are not computed numbers.
ALLOWED: dict[str, dict[str, str]] = {
    "conversion.md": {"0 °C": "water freezes"},
    "cost.md": {
        "millions of calls": "70000 epochs of 100 examples, the article's run",
        "a miss of 10 costs 100 times a miss of 1": "an illustration: 10 squared is 100",
    },
    "explorer.md": {"500000 epochs": "the explorer's cap, a setting of its script"},
    "index.md": {"thousands of": "the article's 70000 epochs, in words"},
    "model.md": {"millions of parameters": "the size of large networks, in general"},
    "beyond/momentum.md": {
        "millions of parameters": "the size of large networks, in general",
        "0.999": "Adam's usual default for beta_2, a setting",
        "0.001": "Adam's usual default for alpha, a setting (ADAM_DEFAULTS)",
    },
    "beyond/stochastic.md": {"a hundred million": "an illustration of a large data set"},
    "beyond/validation.md": {
        "every fifth": "the chapter's choice of test readings, a setting",
        "a fifth of it": "the chapter's validation share, a setting",
        "instead of 20": "the chapter's test-set size, a setting",
    },
    "skipped.md": {"millions of examples": "the article's advice on split sizes"},
    "beyond/splitting.md": {
        "69 °C": "the last of the 70 readings from 0 °C, a definition of the in-order split",
        "hundreds or thousands of examples": "the article's advice on split sizes",
        "with millions": "the article's advice on split sizes",
        "a few percent of a million": "the article's advice on split sizes",
    },
    "beyond/noise.md": {
        "20 °C is 68 °F": "a conversion, by definition",
        "four times the readings": "1/sqrt(m): a consequence of the formula shown",
        "a hundred times the readings": "1/sqrt(m): a consequence of the formula shown",
        "tenfold": "1/sqrt(100), from the formula shown",
        "8 °F or more": "two standard deviations of the noise set on the page (4 °F)",
    },
    "beyond/network.md": {"25 °C": "the thermistor's reference temperature, a definition"},
    "beyond/activation.md": {"20 °C": "the definition of a warm day in `warm_days`"},
    "beyond/vectorization.md": {
        "up to a million epochs": "the longest run tests/test_fast.py checks, its setting",
        "about a\nthousand multiplications": "100 examples times a handful of operations each",
        "with thousands it is": "a range of data sizes, in words",
        "Our hundred": "the 100 training examples",
        "even a million epochs": "the same test setting as above",
    },
}

WORDS = (
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty"
    r"|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|dozens?"
    r"|thirds?|quarters?|fifths?|tenths?|tenfold|hundredfold"
)
#: "a hundred", "a thousand", "a million" are numerals too, checked like 100, 1000, 1000000.
WORD_VALUES = {"a hundred": "100", "a thousand": "1000", "a million": "1000000"}
NUMBER = re.compile(
    rf"(?<![\w.])(?:-?\d[\d,_]*(?:\.\d+)?(?:/\d+)?(?:\.\d+)*|a (?:hundred|thousand|million)\b"
    rf"|(?:{WORDS})\b)"
    r"|\b(?:a few|several) (?:epochs|steps|thousand)\b",
    re.I,
)
FENCE = re.compile(
    r"^(?P<indent> *)(?P<ticks>```+|~~~+)[^\n]*\n.*?^(?P=indent)(?P=ticks)[ \t]*$", re.M | re.S
)
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)
MATH_MEASURED = re.compile(r"(?<![\w.])(?:\d+\.\d{3,}|\d{4,})(?![\w.])")
CODE_SETTING = re.compile(r"(?<![\w.])-?\d[\d_]*(?:\.\d+)?(?:e-?\d+)?")


def chapters() -> list[Path]:
    """Every page of prose: the article's chapters and the beyond chapters."""
    # (not docs/api/: the API reference is the docstrings)
    return sorted(DOCS.glob("*.md")) + sorted((DOCS / "beyond").glob("*.md"))


def prose_of(markdown: str) -> str:
    """The page without code fences, math, inline code, link targets, HTML and includes."""
    text = FENCE.sub("", markdown)
    text = re.sub(r"\$\$.*?\$\$", "", text, flags=re.S)  # display math
    text = re.sub(r"\$[^$\n]+\$", "", text)  # inline math
    text = re.sub(r"`[^`\n]+`", "", text)  # inline code
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
    text = re.sub(r"<[^>\n]+>", "", text)  # HTML tags and their attributes
    text = re.sub(r"^--8<--.*$", "", text, flags=re.M)  # included snippets
    text = re.sub(r"^#+ ", "", text, flags=re.M)  # heading marks
    text = re.sub(r"^ *\d+\. ", "", text, flags=re.M)  # numbered-list markers
    return text


def code_settings(markdown: str) -> set[str]:
    """The numbers typed into the page's code blocks and link queries (the explorer's
    ``?epochs=1000``): its settings, in prose spelling (``20_000`` is 20000, ``800.0`` 800)."""
    settings: set[str] = set()
    sources = [block.group(0) for block in FENCE.finditer(markdown)]
    sources += re.findall(r"\]\(([^)]*\?[^)]*)\)", markdown)
    for source in sources:
        for literal in CODE_SETTING.findall(source):
            literal = literal.replace("_", "")
            settings.add(literal)
            if literal.endswith(".0"):
                settings.add(literal[:-2])
    return settings


def unexplained_numbers(markdown: str, page: str) -> list[str]:
    """The numerals of the page's prose that are neither constants, settings nor allowed."""
    prose = prose_of(markdown)
    for phrase in ALLOWED.get(page, {}):
        prose = prose.replace(phrase, "")
    settings = code_settings(markdown)
    found = []
    for match in NUMBER.finditer(prose):
        token = match.group(0)
        plain = WORD_VALUES.get(token.lower(), token.replace(",", ""))
        if token in CONSTANTS or plain in CONSTANTS:
            continue
        if plain in settings:
            continue
        line = prose.count("\n", 0, match.start())
        context = prose.splitlines()[line].strip() if prose.splitlines() else ""
        found.append(f"{token!r} in: {context[:120]}")
    # Formulas hold definitions (1/2, 2/lambda), but a measured value can hide in one too
    # ($1 - 0.0005 \times 0.2537$): flag long decimals and large whole numbers in math.
    for formula in MATH.findall(FENCE.sub("", markdown)):
        for token in MATH_MEASURED.findall(formula):
            if (
                token not in CONSTANTS
                and token not in settings
                and token not in ALLOWED.get(page, {})
            ):
                found.append(f"{token!r} in math: {' '.join(formula.split())[:120]}")
    return found


@pytest.mark.parametrize("page", chapters(), ids=lambda page: str(page.relative_to(DOCS)))
def test_prose_states_no_computed_number_by_hand(page: Path) -> None:
    name = str(page.relative_to(DOCS))
    found = unexplained_numbers(page.read_text(encoding="utf-8"), name)
    assert not found, (
        f"{name}: numbers typed into the prose; print them from a block, or, if one is a "
        "definition, add it to CONSTANTS or ALLOWED with its reason:\n  " + "\n  ".join(found)
    )


def test_the_scan_flags_a_typed_result_and_passes_a_setting() -> None:
    page = (
        "The bowl is nearly 13000 times steeper; forty epochs suffice.\n\n"
        "Each step shrinks it by $1 - 0.0005 \\times 0.2537$ and $\\frac{1}{2}$.\n\n"
        '```python exec="on" session="x" id="x-run"\ntrain(epochs=20_000, alpha=0.01)\n```\n\n'
        "We train 20000 times with a rate of 0.01, the article's 70000 epochs at $\\alpha = 7$.\n"
    )
    found = unexplained_numbers(page, "example.md")
    assert [item.split(" in")[0] for item in found] == ["'13000'", "'forty'", "'0.2537'"]


def test_the_clone_address_on_the_run_page_is_mkdocs_yml_repo_url() -> None:
    import importlib.util

    from mkdocs.config import load_config

    spec = importlib.util.spec_from_file_location("repo_url", DOCS / "hooks" / "repo_url.py")
    assert spec is not None
    assert spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    repo_url = load_config(str(DOCS.parent / "mkdocs.yml"))["repo_url"]
    page = hook.fill((DOCS / "run.md").read_text(encoding="utf-8"), repo_url)
    assert f"git clone {repo_url.rstrip('/')}.git" in page
    assert "{{" not in page
    with pytest.raises(ValueError, match="repo_url"):
        hook.fill("git clone {{ repo_url }}", None)
