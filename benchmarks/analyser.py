"""Measure the Finnish analyser candidates on the project's own texts (benchmarks/ANALYSER.md).

    pip install -e ".[bench]"; apt-get install libvoikko1 voikko-fi
    .venv/bin/python benchmarks/analyser.py [--repeat 3]

Every candidate reads the same words (hva_graph.search.analyser's tokeniser) and is scored with the
same rule as tests/test_finnish.py: a query word's base forms must meet a source word's terms.
Recall and precision are over tests/fixtures/finnish-word-list.yaml, read off the seed texts;
coverage is the share of distinct Finnish words (not numbers) in the seeds and in the data's
Finnish literals (verbatim texts and labels) that the candidate knows rather than guesses.
Speed: "new words/s" analyses each distinct word once from empty caches (the cost of a word
never seen); "all words/s" every word of those texts in order, caches emptied first (what an
index build over them costs).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import yaml
from rdflib import Dataset, Literal

from hva_graph.search import analyser as finnish

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
WORD_LIST = ROOT / "tests" / "fixtures" / "finnish-word-list.yaml"


def voikko_candidate():
    """The project's analyser: libvoikko + voikko-fi, Snowball for unknown words."""

    def terms(word):
        found = finnish._finnish(word)
        return found and (found.lemmas, found.parts, found.method == "voikko")

    return terms, finnish._finnish_terms.cache_clear


def voikko_baseforms_candidate():
    """Ablation: libvoikko's base forms as they come, without this project's compound parts,
    -minen nouns, hyphen and abbreviation rules (Snowball for unknown words)."""

    def terms(word):
        analyses = finnish._analyses(word)
        if not analyses:
            return (snowball(word),), (), False
        return tuple(dict.fromkeys(a["BASEFORM"].lower() for a in analyses)), (), True

    return terms, lambda: None


def pyvoikko_candidate():
    """The voikko-fi transducer shipped inside the pyvoikko wheel, read through kfst."""
    import pyvoikko

    def terms(word):
        analyses = pyvoikko.analyse(word) or pyvoikko.analyse(word.lower())
        if not analyses:
            return (snowball(word),), (), False
        lemmas = [_minen(word, a.BASEFORM) if a.MOOD == "MINEN-infinitive" else a.BASEFORM for a in analyses]
        parts = [term for a in analyses for term in _pyvoikko_parts(a.COMPOUND_PARTS or [])]
        return tuple(lemma.lower().replace("=", "") for lemma in lemmas), tuple(parts), True

    return terms, lambda: None


def _pyvoikko_parts(parts):
    if len(parts) < 2:
        return []
    lemmas = [p.BASEFORM.lower().replace("=", "").strip("-") for p in parts]
    spans = [
        "".join(p.FORM.lower() for p in parts[first:last]) + lemmas[last]
        for first in range(len(parts))
        for last in range(first + 1, len(parts))
        if (first, last) != (0, len(parts) - 1)
    ]
    return lemmas + spans


def _minen(word, baseform):
    return finnish._minen_noun(word) or baseform


def simplemma_candidate():
    """simplemma's Finnish dictionary (and its affix rules for unknown words); no parts."""
    import simplemma

    def terms(word):
        known = simplemma.is_known(word, lang="fi")
        lemma = simplemma.lemmatize(word, lang="fi").lower().rstrip(".")
        return ((lemma if known else snowball(word)),), (), known

    return terms, lambda: None


def snowball_candidate():
    """The Snowball Finnish stemmer alone (PyStemmer)."""
    return (lambda word: ((snowball(word),), (), False)), lambda: None


def snowball(word):
    return finnish._stem("finnish", word.lower())


CANDIDATES = {
    "libvoikko + voikko-fi (Debian) + Snowball fallback": voikko_candidate,
    "libvoikko base forms only (ablation: no parts, no -minen rule)": voikko_baseforms_candidate,
    "pyvoikko (voikko-fi in the wheel) + Snowball fallback": pyvoikko_candidate,
    "simplemma + Snowball fallback": simplemma_candidate,
    "Snowball Finnish (PyStemmer) alone": snowball_candidate,
}


def seed_words() -> list[str]:
    return [m.group() for path in sorted(SEEDS.glob("*.txt")) for m in finnish._WORD.finditer(path.read_text())]


def data_texts(lang: str) -> list[str]:
    """The data's literals in `lang`: verbatim texts, labels, descriptions."""
    dataset = Dataset()
    for path in sorted((ROOT / "data").glob("*.ttl")):
        dataset.parse(path, format="turtle")
    return sorted({str(o) for _, _, o, _ in dataset.quads() if isinstance(o, Literal) and o.language == lang})


def data_words(lang: str) -> list[str]:
    return [m.group() for text in data_texts(lang) for m in finnish._WORD.finditer(text)]


def score(terms, entries, words) -> tuple[float, float, list[str]]:
    index = {}
    for word in words:
        index.setdefault(word.lower(), terms(word))
    found_expected = expected = found_counted = 0
    misses = []
    for entry in entries:
        query = _query(entry["query"], terms(entry["query"])[0])
        hits = {form for form, t in index.items() if t and query & (set(t[0]) | set(t[1]))}
        match, may = set(entry["match"]), set(entry.get("may", []))
        expected += len(match)
        found_expected += len(hits & match)
        found_counted += len(hits - may)
        misses += [f"{entry['query']}: missed {form}" for form in sorted(match - hits)]
        misses += [f"{entry['query']}: wrongly {form}" for form in sorted(hits - match - may)]
    return found_expected / expected, found_expected / max(found_counted, 1), misses


def _query(word: str, lemmas) -> set[str]:
    """hva_graph.search.analyser.query_terms's rule for every candidate: a word typed in its base
    form means that reading only."""
    typed = word.lower()
    return {typed} if typed in lemmas else set(lemmas)


def coverage(terms, words) -> float:
    types = {w for w in words if not w.replace("-", "").isdigit()}
    return sum(1 for w in types if (t := terms(w)) and t[2]) / len(types)


def speed(terms, clear, words, repeat) -> float:
    """Words per second over `words` in order, starting from empty caches."""
    rates = []
    for _ in range(repeat):
        clear()
        start = time.perf_counter()
        for word in words:
            terms(word)
        rates.append(len(words) / (time.perf_counter() - start))
    return statistics.median(rates)


def analyse_rate(texts: list[str], repeat: int) -> tuple[float, float]:
    """hva_graph.search.analyser.analyse end to end (tokens, offsets, terms) over whole texts, as the
    index will call it: texts per second and characters per second, from empty caches."""
    times = []
    for _ in range(repeat):
        finnish._finnish_terms.cache_clear()
        start = time.perf_counter()
        for text in texts:
            finnish.analyse(text, "fi")
        times.append(time.perf_counter() - start)
    elapsed = statistics.median(times)
    return len(texts) / elapsed, sum(map(len, texts)) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    entries = yaml.safe_load(WORD_LIST.read_text())
    seeds, data = seed_words(), data_words("fi")
    print(f"{len(entries)} queries, {sum(len(e['match']) for e in entries)} expected forms; "
          f"{len(seeds)} seed words, {len(data)} words of Finnish data literals\n")
    distinct = sorted({w.lower() for w in seeds + data})
    print("| candidate | load s | recall | precision | coverage | new words/s | all words/s |")
    print("|---|---|---|---|---|---|---|")
    report = {}
    for name, make in CANDIDATES.items():
        start = time.perf_counter()
        terms, clear = make()
        terms("kissa")
        load = time.perf_counter() - start
        recall, precision, misses = score(terms, entries, seeds)
        cold = speed(terms, clear, distinct, args.repeat)
        warm = speed(terms, clear, seeds + data, args.repeat)
        print(f"| {name} | {load:.2f} | {recall:.1%} | {precision:.1%} | {coverage(terms, seeds + data):.1%} "
              f"| {cold:,.0f} | {warm:,.0f} |")
        report[name] = misses
    texts = data_texts("fi")
    per_text, per_char = analyse_rate(texts, args.repeat)
    print(f"\nanalyse() over the {len(texts)} Finnish data literals: "
          f"{per_text:,.0f} literals/s, {per_char:,.0f} characters/s")
    english = data_words("en")
    start = time.perf_counter()
    for word in english:
        finnish._english(word)
    print(f"\nEnglish (Snowball English): {len(english) / (time.perf_counter() - start):,.0f} words/s")
    for name, misses in report.items():
        print(f"\n{name}: {len(misses)} misses / wrong hits\n  " + "\n  ".join(misses))


if __name__ == "__main__":
    main()
