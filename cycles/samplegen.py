"""Code and data shared by the sample-cycle generators, cycles/<cycle>/generate.py.

This is not a cycle (there is no cycle.yaml beside it) and it is not run on its own: each
generator puts this folder on its import path and imports what it needs from here. What lives
here is what both Seoul Smart City samples really share:

* data that is the same in every year: the criteria, the two project categories, the entrant
  types, the project topics and the parts of invented company, institution and organisation names;
* writing YAML by hand (`q`, `num`, `flow`, `chain`, the call blocks, entries, judges, sheets) and
  the files (`write`, `clear`, `write_files`);
* building entries from a year's places and plans (`Places`, `Entry`, `build_entries`);
* who may judge what (`may_judge`), and drawing marks (`evaluation_panels`, `MarkDrawer`);
* scoring as smartaward computes it (`judge_total`, `median`, `aggregate`, `entry_score`,
  `criterion_mean`, `tie_key`, `rank_round`) and award allocation (`allocate`), which the
  generators use to verify that the marks they drew give the planned outcome;
* the checks and the report every sample makes before and after writing.

What differs from year to year stays in each generator: the cities, the published counts and
winners, the judges, the rounds and rules, and the planning of the marks (`plan_marks`).
Standard library only; nothing here draws a random number except through the `rng` it is given,
so a generator's output depends on its seed and the order of its calls alone.
"""

from __future__ import annotations

import fnmatch
import json
import math
import random
import unicodedata
from datetime import date, timedelta
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# Calls, criteria, categories
# ---------------------------------------------------------------------------------------------

# The six project criteria of the published 2024 prize (the 2023 sample reuses them; that is not
# a claim about the 2023 criteria).
PROJECT_CRITERIA = [
    ("problem-innovation", "Problem recognition and innovation", 1),
    ("project-design", "Project design", 1),
    ("budget-planning", "Feasible budget and planning", 1),
    ("implementation", "Project implementation", 1),
    ("learning", "Learning and improvement", 1),
    ("value-generation", "Value generation", 1),
]
# Invented for the samples (the published prize does not give leadership criteria).
LEADERSHIP_CRITERIA = [
    ("vision", "Vision for the city", 1),
    ("impact", "Impact on residents", 2),
    ("collaboration", "Collaboration and partnership", 1),
    ("sustainability", "Sustainability of the changes led", 1),
]
CRITERIA = {"project": PROJECT_CRITERIA, "leadership": LEADERSHIP_CRITERIA}

CATEGORIES = {
    "human-centricity": "Human-CentriCity (people-centred)",
    "tech-innovacity": "Tech-InnovaCity (technology innovation)",
}
PROJECT_ENTRANT_TYPES = ["city", "region", "company", "institution", "organisation"]

# ---------------------------------------------------------------------------------------------
# Topics: (id suffix, title)
# ---------------------------------------------------------------------------------------------

HC_TOPICS = [
    ("elderly-care-sensors", "Sensor-assisted care for older residents living alone"),
    ("participatory-budgeting", "Online participatory budgeting platform"),
    ("accessible-transit", "Step-free journey planner for disabled travellers"),
    ("heat-shelters", "Heat-wave shelter network with live occupancy"),
    ("safe-streets", "Safe-streets reporting and lighting programme"),
    ("homeless-outreach", "Coordinated outreach for people sleeping rough"),
    ("newcomer-services", "One-stop digital desk for newcomers"),
    ("childcare-booking", "Public childcare booking and waiting-list service"),
    ("loneliness-prevention", "Neighbourhood loneliness prevention network"),
    ("youth-jobs", "Youth employment matching service"),
    ("school-meals", "Universal school meals with allergy tracking"),
    ("citizen-requests", "Single number for citizen requests"),
    ("community-health", "Community health workers with mobile records"),
    ("mental-health", "Walk-in mental health support points"),
    ("public-toilets", "Open map of accessible public toilets"),
    ("food-rescue", "Surplus food redistribution network"),
    ("green-schoolyards", "Green schoolyards open to neighbours"),
    ("digital-literacy", "Digital skills classes for older residents"),
    ("sign-language", "Sign-language video relay for city services"),
    ("inclusive-evacuation", "Inclusive flood evacuation planning"),
    ("affordable-housing", "Affordable housing allocation portal"),
    ("street-vendors", "Licensing and support for street vendors"),
    ("settlement-upgrading", "Upgrading informal settlements with residents"),
    ("maternal-health", "Maternal health follow-up by text message"),
    ("dementia-friendly", "Dementia-friendly neighbourhoods"),
    ("library-hubs", "Libraries as community service hubs"),
    ("cycling-lessons", "Cycling lessons for adults and children"),
    ("night-buses", "Night bus network for shift workers"),
    ("social-prescribing", "Social prescribing through local clinics"),
    ("water-points", "Safe water points for underserved districts"),
    ("disability-employment", "Employment support for people with disabilities"),
    ("citizens-assembly", "Citizens' assembly on climate action"),
    ("open-budget", "Open budget explorer for residents"),
    ("refugee-integration", "Language and work programme for refugees"),
    ("tenant-support", "Tenant rights advice service"),
    ("waste-pickers", "Inclusion of informal waste pickers"),
    ("play-streets", "Temporary play streets"),
    ("clean-air-schools", "Clean-air zones around schools"),
    ("telemedicine", "Telemedicine for remote neighbourhoods"),
    ("care-leavers", "Support for young people leaving care"),
    ("volunteer-platform", "City volunteering platform"),
    ("emergency-alerts", "Multilingual emergency alerts"),
    ("community-wifi", "Free public Wi-Fi in community spaces"),
    ("urban-farming", "Community urban farming plots"),
    ("co-designed-services", "Services co-designed with residents"),
    ("care-blocks", "Care blocks for unpaid carers"),
]
TI_TOPICS = [
    ("digital-twin", "City-wide digital twin for planning"),
    ("traffic-ai", "Adaptive traffic signals using AI"),
    ("smart-parking", "Sensor-based parking guidance"),
    ("waste-sensors", "Fill-level sensors for waste collection"),
    ("flood-sensors", "Flood early-warning sensor network"),
    ("air-sensors", "Low-cost air quality sensor network"),
    ("open-data", "Open data portal with real-time feeds"),
    ("e-permits", "Fully digital building permits"),
    ("autonomous-shuttle", "Autonomous shuttle pilot"),
    ("drone-inspection", "Drone inspection of bridges and roofs"),
    ("smart-grid", "District smart grid and battery storage"),
    ("water-leaks", "Acoustic leak detection in water mains"),
    ("smart-lighting", "Adaptive LED street lighting"),
    ("land-registry", "Tamper-evident digital land registry"),
    ("cyber-defence", "Municipal cyber-defence centre"),
    ("maas", "Mobility-as-a-service app"),
    ("ev-charging", "Kerbside electric vehicle charging"),
    ("building-energy", "Building energy benchmarking platform"),
    ("noise-monitoring", "Urban noise monitoring network"),
    ("digital-id", "Digital resident ID"),
    ("service-assistant", "Multilingual city services assistant"),
    ("bus-tracking", "Real-time bus tracking"),
    ("tree-canopy", "Tree canopy mapping from satellite imagery"),
    ("heat-mapping", "Urban heat island mapping"),
    ("pothole-detection", "Pothole detection from bus cameras"),
    ("district-heating", "Low-temperature district heating control"),
    ("smart-metering", "Smart water metering"),
    ("5g-testbed", "Urban 5G testbed"),
    ("wildfire-detection", "Camera-based wildfire detection"),
    ("crowd-monitoring", "Crowd flow monitoring for large events"),
    ("counter-translation", "AI translation at public service counters"),
    ("freight-platform", "Urban freight consolidation platform"),
    ("e-bike-sharing", "E-bike sharing with smart docks"),
    ("e-procurement", "Open e-procurement platform"),
    ("solar-map", "Rooftop solar potential map"),
    ("structural-monitoring", "Structural health monitoring of tunnels"),
    ("smart-irrigation", "Smart irrigation for public parks"),
    ("digital-archives", "Digitised city archives"),
    ("3d-cadastre", "3D cadastre"),
    ("recycling-robots", "Robotic sorting of recyclables"),
    ("parcel-lockers", "Shared parcel lockers"),
    ("virtual-city-hall", "Virtual city hall"),
    ("fleet-maintenance", "Predictive maintenance of the city fleet"),
    ("carbon-dashboard", "City carbon emissions dashboard"),
]
TOPIC_TITLE = dict(HC_TOPICS + TI_TOPICS)

# ---------------------------------------------------------------------------------------------
# Invented names for companies, institutions and organisations
# ---------------------------------------------------------------------------------------------

BRANDS = [
    "Alder", "Aster", "Basalt", "Birch", "Cedarline", "Cobalt", "Corvid", "Ember", "Fennel",
    "Halcyon", "Juniper", "Kestrel", "Lumen", "Marlin", "Meridian", "Nimbus", "Orchid", "Pylon",
    "Quill", "Rivet", "Saffron", "Solace", "Tandem", "Tessera", "Umber", "Vela", "Vireo", "Wren",
    "Zephyr", "Larkspur", "Moraine", "Osprey", "Petrel", "Sable", "Tamarind", "Yarrow",
]
FIELDS = {
    "human-centricity": ["Care Systems", "Civic Services", "Health Tech", "Community Apps", "Social Data"],
    "tech-innovacity": ["Urban Analytics", "Mobility", "Sensing", "Energy Systems", "Geo", "Robotics", "Infra AI"],
}
LEGAL_FORM = {
    "KR": "Co., Ltd.", "JP": "K.K.", "DE": "GmbH", "AT": "GmbH", "CH": "AG", "NO": "AS", "DK": "ApS",
    "SE": "AB", "FI": "Oy", "NL": "B.V.", "BE": "SRL", "FR": "SAS", "ES": "S.L.", "IT": "S.r.l.",
    "PT": "Lda.", "BR": "Ltda.", "CO": "S.A.S.", "CL": "SpA", "AR": "S.A.", "MX": "S.A. de C.V.",
    "PE": "S.A.C.", "EC": "S.A.", "UY": "S.A.", "PL": "sp. z o.o.", "EE": "OÜ", "US": "Inc.",
    "CA": "Inc.", "AU": "Pty Ltd", "SG": "Pte. Ltd.", "MY": "Sdn. Bhd.", "ID": "PT", "TR": "A.Ş.",
    "IN": "Pvt. Ltd.", "CN": "Co., Ltd.", "TW": "Co., Ltd.",
}
INSTITUTION_PATTERNS = {
    "human-centricity": [
        "{city} Institute for Social Inclusion", "{city} School of Public Health Innovation",
        "{city} Centre for Community Research", "{city} Institute of Inclusive Urbanism",
    ],
    "tech-innovacity": [
        "{city} Institute of Urban Technology", "{city} Centre for Smart Infrastructure",
        "{city} Urban Data Lab", "{city} Polytechnic Smart City Lab",
    ],
}
ORGANISATION_PATTERNS = [
    "{city} Civic Tech Collective", "{city} Community Foundation", "{city} Residents' Network",
    "Open {city} Association", "{city} Accessibility Alliance", "{city} Youth Council",
]

# ---------------------------------------------------------------------------------------------
# Writing YAML by hand: strings that could be misread are double-quoted with json.dumps (valid
# YAML double-quoted scalars); ids, dates, numbers and country codes are written plain.
# ---------------------------------------------------------------------------------------------


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out, dash = [], False
    for ch in ascii_text.lower():
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def flow(mapping: dict) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in mapping.items()) + "}"


def chain(rules: list[str]) -> str:
    """A tie-break chain as a flow list; rules with a colon (`criterion:x`) are quoted."""
    return "[" + ", ".join(q(r) if ":" in r else r for r in rules) + "]"


def criteria_lines(criteria, indent: str) -> list[str]:
    return [f"{indent}{cid}: {{title: {q(title)}, weight: {num(weight)}}}" for cid, title, weight in criteria]


def project_call_lines(opens: date, closes: date, passes: str, shortlist: dict, final_rules: dict, slots) -> list[str]:
    """The project call: eligibility → evaluation → final, both categories with their award slots.

    slots: [(slot, count, entrant types the slot is limited to or None)], in order of precedence.
    """
    lines = [
        "  project:",
        f"    title: {q('Project awards')}",
        f"    opens: {opens.isoformat()}",
        f"    closes: {closes.isoformat()}",
        f"    entrant_types: [{', '.join(PROJECT_ENTRANT_TYPES)}]",
        "    criteria:",
        *criteria_lines(PROJECT_CRITERIA, "      "),
        "    rounds:",
        "      eligibility:",
        f"        title: {q('Eligibility screening by the secretariat')}",
        "        screening: true",
        f"        passes: {passes}",
        "      evaluation:",
        f"        title: {q('Evaluation by the international jury')}",
        f"        shortlist: {flow(shortlist)}",
        "      final:",
        f"        title: {q('Final jury')}",
        f"        rules: {flow(final_rules)}",
        "    combine: final-only",
        "    categories:",
    ]
    for cat, title in CATEGORIES.items():
        lines += [f"      {cat}:", f"        title: {q(title)}", "        awards:"]
        for slot, n, types in slots:
            if types:
                value = types[0] if len(types) == 1 else f"[{', '.join(types)}]"
                lines.append(f"          {slot}: {{count: {n}, eligible: {{entrant_type: {value}}}}}")
            else:
                lines.append(f"          {slot}: {n}")
    return lines


def leadership_call_lines(opens: date, closes: date, tie_break: list[str], top: int, final_rules: dict) -> list[str]:
    """The leadership call: evaluation (top `top` go on) → final, one award."""
    return [
        "  leadership:",
        f"    title: {q('Leadership award')}",
        f"    description: {q('For individuals (mayors and city leaders). The criteria of this call are invented for the sample.')}",
        f"    opens: {opens.isoformat()}",
        f"    closes: {closes.isoformat()}",
        "    entrant_types: [individual]",
        "    criteria:",
        *criteria_lines(LEADERSHIP_CRITERIA, "      "),
        "    rules:",
        f"      tie_break: {chain(tie_break)}",
        "    rounds:",
        "      evaluation:",
        f"        title: {q('Evaluation by the leadership panel')}",
        f"        shortlist: {{top: {top}}}",
        "      final:",
        f"        title: {q('Final jury')}",
        f"        rules: {flow(final_rules)}",
        "    combine: final-only",
        "    categories:",
        "      leadership:",
        f"        title: {q('Leadership')}",
        "        awards:",
        "          leadership: 1",
    ]


def special_call_lines(opens: date, closes: date, entries: list[str], decided_by: str, decided_on: date) -> list[str]:
    """The special call: three awards designated by the organising committee, not scored."""
    return [
        "  special:",
        f"    title: {q('Special awards')}",
        f"    description: {q('Awarded by the organising committee; not scored.')}",
        f"    opens: {opens.isoformat()}",
        f"    closes: {closes.isoformat()}",
        "    judging: designated",
        "    categories:",
        "      special:",
        f"        title: {q('Special award')}",
        "        awards:",
        "          special: 3",
        "        designated:",
        "          special:",
        f"            entries: [{', '.join(entries)}]",
        f"            decided_by: {q(decided_by)}",
        f"            decided_on: {decided_on.isoformat()}",
    ]


def judges_yaml(header: str, judges: list[tuple], rounds: dict[str, list[str]] | None = None) -> str:
    """judges.yaml; rounds: {judge: the rounds `smartaward assign` may use the judge in} (`rounds:`;
    a judge left out, or rounds None, gets no `rounds:` key)."""
    lines = [header.rstrip("\n")]
    for jid, name, country, city, affiliation, calls, conflicts in judges:
        lines += [
            f"{jid}:",
            f"  name: {q(name)}",
            f"  country: {country}",
            f"  city: {q(city)}",
            f"  affiliation: {q(affiliation)}",
            f"  calls: [{', '.join(calls)}]",
        ]
        if rounds and jid in rounds:
            lines.append(f"  rounds: [{', '.join(rounds[jid])}]")
        lines += [
            f"  conflicts: [{', '.join(q(c) for c in conflicts)}]",
            "  voting: true",
        ]
    return "\n".join(lines) + "\n"


def entry_lines(e: Entry, indent: str, first: str) -> list[str]:
    body = [
        f"id: {e.id}",
        f"call: {e.call}",
        f"category: {e.category}",
        f"title: {q(e.title)}",
        "entrant:",
        f"  name: {q(e.name)}",
        f"  type: {e.type}",
    ]
    if e.entrant_id:
        body.append(f"  id: {e.entrant_id}")
    body += [
        f"  city: {q(e.city)}",
        f"  country: {e.country}",
        f"submitted: {e.submitted.isoformat()}",
        f"summary: {q(e.summary)}",
    ]
    return [(first if i == 0 else indent) + line for i, line in enumerate(body)]


def sheet_yaml(header: str, judge: str, rnd: str, entries: list[Entry], marks) -> str | None:
    lines = [header.rstrip("\n"), f"judge: {judge}", f"round: {rnd}", "scores:"]
    for e in sorted(entries, key=lambda e: e.id):
        row = marks.get(e.id, {}).get(judge)
        if row is None:
            continue
        if isinstance(row, str):  # a screening verdict
            lines.append(f"  {e.id}: {row}")
        else:
            inner = ", ".join(f"{c}: {num(row[c])}" for c, _, _ in CRITERIA[e.call])
            lines.append(f"  {e.id}: {{{inner}}}")
    return "\n".join(lines) + "\n" if len(lines) > 4 else None


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def clear(folder: Path) -> None:
    """Delete every file under folder, then the empty subfolders."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file():
            path.unlink()
        elif path.is_dir():
            path.rmdir()


def write_files(here: Path, header: str, cycle_text: str, judges: list[tuple], entries: list[Entry],
                tables: list[tuple[str, dict]], by_call: bool, rounds: dict[str, list[str]] | None = None) -> int:
    """Write cycle.yaml, judges.yaml, entries/ and scores/ into `here`; return the number of sheets.

    entries/ and scores/ are cleared first. Project and special entries get a file each, in
    entries/<call>/ when `by_call`, else in entries/; the leadership entries share
    entries/leadership.yaml. tables: [(round, {entry: {judge: verdict or marks}})]. rounds: the
    judges' `rounds:` (see judges_yaml).
    """
    clear(here / "entries")
    clear(here / "scores")
    write(here / "cycle.yaml", cycle_text)
    write(here / "judges.yaml", judges_yaml(header, judges, rounds))
    for e in entries:
        if e.call == "leadership":
            continue
        folder = here / "entries" / e.call if by_call else here / "entries"
        write(folder / f"{e.id}.yaml", header + "\n".join(entry_lines(e, "", "")) + "\n")
    leadership = [header.rstrip("\n")]
    for e in entries:
        if e.call == "leadership":
            leadership += entry_lines(e, "  ", "- ")
    write(here / "entries" / "leadership.yaml", "\n".join(leadership) + "\n")
    n_sheets = 0
    for rnd, table in tables:
        for jid, *_ in judges:
            text = sheet_yaml(header, jid, rnd, entries, table)
            if text is not None:
                write(here / "scores" / rnd / f"{jid}.yaml", text)
                n_sheets += 1
    return n_sheets


# ---------------------------------------------------------------------------------------------
# Places and entries
# ---------------------------------------------------------------------------------------------


class Places:
    """A year's cities (real names, ISO 3166-1 alpha-2 codes) and the governments that enter.

    city_government: how a city government names itself as an entrant (default "City of X");
    region_of: regional governments that may enter for a city; no_city_government: cities with
    no city-level government entrant.
    """

    def __init__(self, cities_by_country: dict[str, list[str]], city_government: dict[str, str],
                 region_of: dict[str, str], no_city_government: list[str]):
        self.cities = [(city, cc) for cc, names in cities_by_country.items() for city in names]
        self.country_of = dict(self.cities)
        self.city_government = city_government
        self.region_of = region_of
        self.no_city_government = no_city_government

    def government(self, city: str) -> str:
        return self.city_government.get(city, f"City of {city}")


class Entry:
    def __init__(self, id, call, category, title, name, etype, city, country, target=None):
        self.id = id
        self.call = call
        self.category = category
        self.title = title
        self.name = name
        self.type = etype
        self.city = city
        self.country = country
        self.summary: str | None = None
        self.target = target  # planned score, or None
        self.submitted: date | None = None
        self.entrant_id: str | None = None

    @property
    def key(self) -> str:
        return self.entrant_id or self.name.casefold()


def summary_for(entry: Entry, rng: random.Random) -> str:
    templates = [
        "Illustrative entry (invented): {name} describes \"{title}\" in {city}.",
        "Invented sample entry. {name} presents its work on {lower} in {city}.",
        "Sample data only: {lower}, proposed by {name} ({city}).",
    ]
    return rng.choice(templates).format(name=entry.name, title=entry.title, lower=entry.title[0].lower() + entry.title[1:], city=entry.city)


def build_entries(rng: random.Random, places: Places, hc_plan, ti_plan, leadership, special,
                  n_hc: int, n_ti: int, opens: date, closes: date, published_summary) -> list[Entry]:
    """The hand-written entries, then auto-generated project entries up to n_hc and n_ti.

    hc_plan, ti_plan: [(entry id, city, entrant type, entrant name, title or None for the topic
    title, target score in the final)]; leadership: [(entry id, city, person, role, title, target
    score)]; special: [(entry id, city, entrant type, entrant name or None for the city government,
    title)]. published_summary(entry) gives the summary of a published winner, None for the others.
    """
    entries: list[Entry] = []

    def add(eid, call, category, title, name, etype, city, target=None) -> None:
        entries.append(Entry(eid, call, category, title, name, etype, city, places.country_of[city], target))

    for plan, category in ((hc_plan, "human-centricity"), (ti_plan, "tech-innovacity")):
        for eid, city, etype, name, title, target in plan:
            topic = eid[len(slug(city)) + 1:]
            add(eid, "project", category, title or TOPIC_TITLE[topic], name, etype, city, target)

    for eid, city, person, role, title, target in leadership:
        add(eid, "leadership", "leadership", title, f"{person}, {role}", "individual", city, target)

    for eid, city, etype, name, title in special:
        add(eid, "special", "special", title, name or places.government(city), etype, city)

    # Auto-generated project entries: every city not yet present gets one first, then random cities.
    used_ids = {e.id for e in entries}
    used_names = {e.name for e in entries}
    covered = {e.city for e in entries}
    missing = [c for c, _ in places.cities if c not in covered]
    n_auto = {"human-centricity": n_hc - len(hc_plan), "tech-innovacity": n_ti - len(ti_plan)}
    slots = ["human-centricity"] * n_auto["human-centricity"] + ["tech-innovacity"] * n_auto["tech-innovacity"]
    rng.shuffle(slots)
    all_cities = [c for c, _ in places.cities]
    rng.shuffle(missing)
    city_for_slot = missing + [rng.choice(all_cities) for _ in range(len(slots) - len(missing))]

    for category, city in zip(slots, city_for_slot, strict=False):
        types = ["city", "city", "city", "city", "company", "company", "institution", "institution", "organisation", "region"]
        etype = rng.choice(types)
        if etype == "region" and city not in places.region_of:
            etype = "city"
        if etype == "city" and city in places.no_city_government:
            etype = "company"
        name = make_entrant_name(rng, places, etype, city, category, used_names)
        topics = HC_TOPICS if category == "human-centricity" else TI_TOPICS
        while True:
            topic, title = rng.choice(topics)
            eid = f"{slug(city)}-{topic}"
            if eid not in used_ids:
                break
        used_ids.add(eid)
        add(eid, "project", category, title, name, etype, city)

    # Entrants with more than one entry get an explicit entrant id (the rest are keyed by name).
    count: dict[str, int] = {}
    for e in entries:
        count[e.name] = count.get(e.name, 0) + 1
    for e in entries:
        if count[e.name] > 1:
            e.entrant_id = slug(e.name)

    # Summaries and submission dates.
    for e in entries:
        e.summary = published_summary(e) or summary_for(e, rng)
        span = (closes - opens).days
        e.submitted = opens + timedelta(days=round(span * math.sqrt(rng.random())))
    return entries


def make_entrant_name(rng: random.Random, places: Places, etype: str, city: str, category: str, used: set[str]) -> str:
    if etype == "city":
        return places.government(city)  # the same city government may enter several times
    if etype == "region":
        return places.region_of[city]
    for _ in range(1000):
        if etype == "company":
            name = f"{rng.choice(BRANDS)} {rng.choice(FIELDS[category])} {LEGAL_FORM.get(places.country_of[city], 'Ltd')}"
        elif etype == "institution":
            name = rng.choice(INSTITUTION_PATTERNS[category]).format(city=city)
        else:
            name = rng.choice(ORGANISATION_PATTERNS).format(city=city)
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError(f"no unused {etype} name for {city}")


# ---------------------------------------------------------------------------------------------
# Who may judge what. A judge is (id, name, country, city, affiliation, calls, declared conflicts).
# ---------------------------------------------------------------------------------------------


def conflicted(judge: tuple, entry_id: str) -> bool:
    """A declared conflict (entry id or glob pattern) matches the entry."""
    return any(fnmatch.fnmatchcase(entry_id, pattern) for pattern in judge[6])


def may_judge(judge: tuple, e: Entry) -> bool:
    """The judge judges the entry's call, declared no conflict with it and is not of its country
    (`rules.conflicts: {same: [country]}` would exclude those marks)."""
    return e.call in judge[5] and not conflicted(judge, e.id) and judge[2] != e.country


# ---------------------------------------------------------------------------------------------
# Scoring, as smartaward computes it (see docs/format.md and docs/rules.md)
# ---------------------------------------------------------------------------------------------


def half(x: float) -> float:
    return min(10.0, max(0.0, math.floor(x * 2 + 0.5) / 2))


def judge_total(row: dict[str, float], criteria) -> float:
    weights = [w for _, _, w in criteria]
    if len(set(weights)) == 1:
        return math.fsum(row[c] for c, _, _ in criteria) / len(criteria)
    return math.fsum(w * row[c] for c, _, w in criteria) / math.fsum(weights)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def aggregate(values: list[float], method: str, trim: int = 0) -> float:
    if method == "mean":
        return math.fsum(values) / len(values)
    if method == "median":
        return median(values)
    if method == "trimmed-mean":  # drop the `trim` highest and lowest totals, then the mean
        assert trim >= 1 and len(values) >= 2 * trim + 1
        return math.fsum(sorted(values)[trim:len(values) - trim]) / (len(values) - 2 * trim)
    raise ValueError(method)


def entry_score(rows: list[dict[str, float]], criteria, method: str = "mean", trim: int = 0) -> float:
    return round(aggregate([judge_total(r, criteria) for r in rows], method, trim), 6)


def criterion_mean(rows: list[dict[str, float]], criterion: str) -> float:
    return round(math.fsum(r[criterion] for r in rows) / len(rows), 6)


def tie_key(rows, criteria, rule: str, eid: str, decisions) -> float:
    """The value a tie-break rule compares, higher first."""
    if rule.startswith("criterion:"):
        return criterion_mean(rows, rule.removeprefix("criterion:"))
    if rule == "median":  # the median of the judges' totals
        return round(median([judge_total(r, criteria) for r in rows]), 6)
    if rule == "spread":  # the smaller spread of the judges' totals first
        totals = [judge_total(r, criteria) for r in rows]
        centre = math.fsum(totals) / len(totals)
        return -round(math.sqrt(math.fsum((t - centre) ** 2 for t in totals) / len(totals)), 6)
    if rule == "chair":  # the recorded decision's order, best first
        for tie in decisions:
            if eid in tie:
                return -tie.index(eid)
        return 0
    raise ValueError(rule)


def rank_round(members: list[Entry], rows_of, criteria, method: str, chain: list[str], decisions=(), trim: int = 0):
    """[(rank, entry, score, deciding rule or None)], competition ranking, ties split by `chain`."""
    scores = {e.id: entry_score(rows_of[e.id], criteria, method, trim) for e in members}

    def split(group: list[Entry], rules: list[str]) -> list[tuple[list[Entry], str | None]]:
        if len(group) == 1:
            return [(group, None)]
        for position, rule in enumerate(rules):
            if rule == "shared":
                break
            keys = {e.id: tie_key(rows_of[e.id], criteria, rule, e.id, [d for d in decisions if all(x.id in d for x in group)]) for e in group}
            values = sorted(set(keys.values()), reverse=True)
            if len(values) == 1:
                continue
            out = []
            for value in values:
                for part, decided in split([e for e in group if keys[e.id] == value], rules[position + 1:]):
                    out.append((part, decided or rule))
            return out
        return [(sorted(group, key=lambda e: e.id), "shared")]

    ordered = sorted(members, key=lambda e: (-scores[e.id], e.id))
    out, start = [], 0
    while start < len(ordered):
        end = start
        while end < len(ordered) and scores[ordered[end].id] == scores[ordered[start].id]:
            end += 1
        for part, rule in split(ordered[start:end], chain):
            rank = len(out) + 1
            out.extend((rank, e, scores[e.id], rule if end - start > 1 else None) for e in part)
        start = end
    return out


# ---------------------------------------------------------------------------------------------
# Panels and marks
# ---------------------------------------------------------------------------------------------


def evaluation_panels(rng: random.Random, judges: list[tuple], entries: list[Entry], size) -> dict[str, list[str]]:
    """Evaluation panels of `size(entry)` judges each, balancing the judges' load."""
    load = {j[0]: 0 for j in judges}
    panels: dict[str, list[str]] = {}
    for e in entries:
        pool = [j for j in judges if may_judge(j, e)]
        k = size(e)
        tiebreak = {j[0]: rng.random() for j in pool}
        chosen = sorted(pool, key=lambda j: (load[j[0]], tiebreak[j[0]]))[:k]
        for j in chosen:
            load[j[0]] += 1
        panels[e.id] = sorted(j[0] for j in chosen)
    return panels


class MarkDrawer:
    """Draws the marks of the scored rounds: `marks` is {round: {entry: {judge: {criterion: mark}}}}.

    Each judge has a bias, drawn once here; every entry of a round and category gets a score no
    other entry of that round and category has, so the only ties are the ones a plan makes.
    """

    def __init__(self, rng: random.Random, judges: list[tuple]):
        self.rng = rng
        self.bias = {j[0]: rng.uniform(-0.4, 0.4) for j in judges}
        self.marks: dict[str, dict[str, dict[str, dict[str, float]]]] = {"evaluation": {}, "final": {}}
        self.used: dict[tuple[str, str], set[float]] = {}  # (round, category) -> scores taken

    def draw(self, e: Entry, panel: list[str], target: float, noise: float) -> list[dict[str, float]]:
        rng = self.rng
        crits = CRITERIA[e.call]
        cbias = {c: rng.uniform(-0.3, 0.3) for c, _, _ in crits}
        return [{c: half(target + self.bias[j] + cbias[c] + rng.gauss(0, noise)) for c, _, _ in crits} for j in panel]

    def accept(self, rnd: str, e: Entry, panel: list[str], rows, method: str = "mean", trim: int = 0) -> None:
        self.marks[rnd][e.id] = dict(zip(panel, rows, strict=False))
        self.used.setdefault((rnd, e.category), set()).add(entry_score(rows, CRITERIA[e.call], method, trim))

    def fresh(self, rnd: str, e: Entry, s: float) -> bool:
        return s not in self.used.get((rnd, e.category), set())

    def place(self, rnd: str, e: Entry, panel: list[str], target: float, noise: float, ok,
              method: str = "mean", trim: int = 0) -> list[dict[str, float]]:
        """Draw until ok(score under method, score under the mean) holds for a fresh score; keep it."""
        crits = CRITERIA[e.call]
        while True:
            rows = self.draw(e, panel, target, noise)
            s = entry_score(rows, crits, method, trim)
            if ok(s, entry_score(rows, crits, "mean")) and self.fresh(rnd, e, s):
                self.accept(rnd, e, panel, rows, method, trim)
                return rows


# ---------------------------------------------------------------------------------------------
# Award allocation (to verify the engineered outcomes)
# ---------------------------------------------------------------------------------------------


def allocate(entries: list[Entry], ranks, order: list[str], slots, special: list[str]) -> dict[str, dict[str, list[str]]]:
    """Slot by slot down the ranking; a group sharing a rank is never split (ex aequo).

    One award per entrant: the special awards are designated first, then the categories in
    `order`. slots: the project award slots, as in `project_call_lines`.
    """
    awarded_keys: set[str] = {e.key for e in entries if e.id in special}
    winners: dict[str, dict[str, list[str]]] = {}
    for category in order:
        category_slots = slots if category != "leadership" else [("leadership", 1, None)]
        taken: set[str] = set()
        winners[category] = {}
        for slot, n, types in category_slots:
            got: list[str] = []
            for rank in sorted({r for r, *_ in ranks[category]}):
                if len(got) >= n:
                    break
                for _, e, _, _ in [x for x in ranks[category] if x[0] == rank]:
                    if e.id in taken or e.key in awarded_keys or (types and e.type not in types):
                        continue
                    got.append(e.id)
                    taken.add(e.id)
                    awarded_keys.add(e.key)
            winners[category][slot] = got
    winners["special"] = {"special": special}
    return winners


# ---------------------------------------------------------------------------------------------
# Checks and report
# ---------------------------------------------------------------------------------------------


def check_entries(entries: list[Entry], n_entries: int, n_cities: int, n_countries: int,
                  per_category: dict[str, int], opens: date, closes: date):
    """The published counts, one type and place per entrant, dates in the application period.

    Returns (cities, countries, counts per category).
    """
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids)) == n_entries, len(ids)
    cities = sorted({(e.city, e.country) for e in entries})
    countries = sorted({e.country for e in entries})
    assert len(cities) == n_cities, len(cities)
    assert len(countries) == n_countries, len(countries)
    counts = {c: sum(e.category == c for e in entries) for c in per_category}
    assert counts == per_category, counts
    entrants: dict[str, tuple] = {}
    for e in entries:
        # one entrant (by key) always has the same type and place
        assert entrants.setdefault(e.key, (e.type, e.city, e.country)) == (e.type, e.city, e.country), e.key
        assert opens <= e.submitted <= closes
        assert e.type in (["individual"] if e.call == "leadership" else PROJECT_ENTRANT_TYPES)
    return cities, countries, counts


def check_judging(by_id: dict[str, Entry], judge: dict[str, tuple], verdicts, marks) -> None:
    """No judge marks (or screens) an entry of another call, a declared conflict or a compatriot;
    no special entry is marked."""
    for rnd, table in [("eligibility", verdicts)] + list(marks.items()):
        for eid, panel in table.items():
            for j in panel:
                assert may_judge(judge[j], by_id[eid]), (rnd, j, eid)
    assert all(by_id[eid].call != "special" for table in marks.values() for eid in table)


def check_rounds(entries: list[Entry], verdicts, marks, failed: set[str], passes, min_screeners: int, min_final: int) -> set[str]:
    """The screening fails exactly the planned entries; every other project entry and every
    leadership entry is evaluated; the panels are large enough. Returns the ids evaluated.

    passes(votes) is the cycle's `passes:` rule for one entry's screening verdicts.
    """
    passed = {eid for eid, votes in verdicts.items() if passes(votes)}
    assert {e.id for e in entries if e.call == "project"} - passed == failed
    assert all(len(v) >= min_screeners for v in verdicts.values())
    evaluated = set(marks["evaluation"])
    assert evaluated == passed | {e.id for e in entries if e.call == "leadership"}
    assert all(len(p) >= 3 for p in marks["evaluation"].values())
    assert all(len(p) >= min_final for p in marks["final"].values())
    return evaluated


def rank_category(by_id: dict[str, Entry], marks, rnd: str, category: str, method: str, chain: list[str],
                  decisions=(), trim: int = 0):
    """rank_round over the entries of `category` marked in round `rnd`."""
    members = [by_id[eid] for eid in marks[rnd] if by_id[eid].category == category]
    rows = {e.id: list(marks[rnd][e.id].values()) for e in members}
    call = "leadership" if category == "leadership" else "project"
    return rank_round(members, rows, CRITERIA[call], method, chain, decisions, trim)


def rank_final(by_id: dict[str, Entry], marks, category: str, method: str, chain: list[str], trim: int = 0):
    """The final ranking of `category`; the planned finalists come in the same order under the mean."""
    ranking = rank_category(by_id, marks, "final", category, method, chain, trim=trim)
    by_mean = rank_category(by_id, marks, "final", category, "mean", chain)
    planned = {e.id for _, e, _, _ in ranking if e.target is not None}
    assert [e.id for _, e, _, _ in ranking if e.id in planned] == [e.id for _, e, _, _ in by_mean if e.id in planned]
    return ranking


def check_final_order(final, plans) -> None:
    """In each project final: no ties, the planned entries first in the planned order, clear
    gaps between them, the winner well ahead."""
    for category, planned in plans:
        assert all(t is None for *_, t in final[category]), category
        top = [e.id for _, e, _, _ in final[category][: len(planned)]]
        assert top == [p[0] for p in planned], (category, top)
        scores = [s for _, _, s, _ in final[category][: len(planned) + 1]]
        assert all(a - b >= 0.06 for a, b in zip(scores, scores[1:], strict=False)), (category, scores)
        assert scores[0] - scores[1] >= 0.3


def check_allocation(entries: list[Entry], final, slots, expected: dict[str, dict[str, list[str]]], n_awards: int) -> None:
    """Allocating the final rankings gives the expected winners, whatever the order of the calls."""
    orders = [["human-centricity", "tech-innovacity", "leadership"], ["leadership", "tech-innovacity", "human-centricity"]]
    for order in orders:
        result = allocate(entries, final, order, slots, expected["special"]["special"])
        assert result == expected, result
    assert sum(len(v) for cat in expected.values() for v in cat.values()) == n_awards


def print_report(seed: int, entries: list[Entry], cities, countries, counts, judges: list[tuple], n_sheets: int,
                 marks, n_awards: int, eligibility: str, finalists, winners) -> None:
    n_marks = sum(len(row) for table in marks.values() for panel in table.values() for row in panel.values())
    n_final = sum(len(v) for v in finalists.values())
    print(f"seed {seed}: {len(entries)} entries from {len(cities)} cities in {len(countries)} countries; "
          f"{counts}; {len(judges)} judges, {n_sheets} sheets, {n_marks} marks; {n_awards} awards")
    print(f"  eligibility: {eligibility}")
    print(f"  finalists: {n_final} ({', '.join(f'{k} {len(v)}' for k, v in finalists.items())})")
    for category, slots in winners.items():
        for slot, ids in slots.items():
            print(f"  {category:17} {slot:12} {', '.join(ids)}")
