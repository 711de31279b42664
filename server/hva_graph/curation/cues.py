"""Finnish strategy vocabulary: the base forms that cue a section, a class, a decision, a document.

Matched against the analyser's base forms and compound parts (language.py), so "Arvomme",
"arvot" and "Toimintaamme ohjaavat arvot" all open a values section, and "strategiakyselyt" is a
survey. General strategy vocabulary only, none of one county's own wording.
"""

from __future__ import annotations

SECTIONS = {
    # base form: the section it opens (the class of the statements listed under it)
    "arvo": "Value", "arvopohja": "Value",
    "missio": "Mission", "perustehtävä": "Mission", "toiminta-ajatus": "Mission",
    "visio": "Vision", "tavoitekuva": "Vision", "tulevaisuuskuva": "Vision",
    "tavoite": "StrategicGoal", "päätavoite": "StrategicGoal", "osatavoite": "StrategicGoal",
    "päämäärä": "StrategicGoal",
    "painopiste": "Priority", "painopistealue": "Priority", "kärki": "Priority", "kärkihanke": "Priority",
    "periaate": "StrategicPrinciple", "linjaus": "StrategicPrinciple",
    "menestystekijä": "CriticalSuccessFactor",
    "edellytys": "Precondition",
    "palvelulupaus": "ServicePromise", "lupaus": "ServicePromise", "asiakaslupaus": "ServicePromise",
    "työnantajalupaus": "EmployerPromise",
    "seuranta": "FollowUpArrangement", "arviointi": "FollowUpArrangement", "mittari": "FollowUpArrangement",
    "indikaattori": "FollowUpArrangement", "raportointi": "FollowUpArrangement",
    "valmistelu": "timeline", "aikataulu": "timeline", "vaihe": "timeline", "eteneminen": "timeline",
    "osallistaminen": "consultation", "osallisuus": "consultation", "kuuleminen": "consultation",
    "laki": "LegalRequirement",
}
"""A heading's words open a section; the tiered ones name a tier of the strategy."""

TIER_SECTIONS = {"StrategicGoal", "Priority", "StrategicPrinciple", "CriticalSuccessFactor", "Precondition"}

LEAD_INS = ("edellytys",)
"""A paragraph "Edellytys: …" is a precondition of the goal above it."""

DOCUMENTS = {
    "palvelustrategia": "ServiceStrategy",
    "palvelutasopäätös": "ServiceLevelDecision",
    "toimeenpano-ohjelma": "ImplementationProgramme", "toimeenpanosuunnitelma": "ImplementationProgramme",
    "henkilöstöohjelma": "StaffProgramme", "henkilöstösuunnitelma": "StaffProgramme",
    "henkilöstöstrategia": "StaffProgramme",
    "järjestämissuunnitelma": "OrganisingPlan",
    "talousarvio": "FinancialDocument", "tilinpäätös": "FinancialDocument", "taloussuunnitelma": "FinancialDocument",
    "tavoiteohjelma": "FinancialDocument", "tasapainotusohjelma": "FinancialDocument",
    "taustaselvitys": "BackgroundReport", "taustaraportti": "BackgroundReport", "tilannekuvaraportti": "BackgroundReport",
    "strategia-asiakirja": "RelatedDocument", "strategiadokumentti": "RelatedDocument",
    "hyvinvointikertomus": "RelatedDocument", "hyvinvointisuunnitelma": "RelatedDocument",
    "palveluverkkosuunnitelma": "RelatedDocument", "omistajapoliittinen": "RelatedDocument",
}
"""Head nouns of the documents a strategy names beside itself."""
ONE_DOCUMENT = {("talousarvio", "taloussuunnitelma")}
"""Two names joined by "ja" that are one document: the council approves the budget and the financial plan of at
least three years as one (laki hyvinvointialueesta 611/2021, 115 §; kuntalaki 110 §)."""

MEMBER_WORDS = {
    "asukas": "residents", "kuntalainen": "residents", "kaupunkilainen": "residents", "asiakas": "residents",
    "potilas": "residents", "nuori": "residents", "lapsi": "residents", "perhe": "residents",
    "lapsiperhe": "residents", "ikääntynyt": "residents", "vanhus": "residents", "senioori": "residents",
    "omainen": "residents", "työntekijä": "staff", "henkilökunta": "staff",
    "neuvosto": "bodies", "valtuusto": "bodies",
}
"""Words for the members of a stakeholder group that its label does not name: the people of the area by
age or role are residents (the scheme's "Alueen asukkaat ja asiakkaat"), employees the staff, a council
("nuorisovaltuusto", "vanhusneuvosto": a compound is what its last part is) a body. (A demonym
of a place, "lappilainen", "helsinkiläinen", names residents too: phrases.py.)"""

BODIES = {
    "aluevaltuusto": "aluevaltuusto", "valtuusto": "aluevaltuusto", "aluehallitus": "aluehallitus",
    "hallitus": "aluehallitus", "lautakunta": "lautakunta", "jaosto": "jaosto", "vate": "vate",
    "valmistelutoimielin": "vate", "valtuustoryhmä": "valtuustoryhma", "johtoryhmä": "johtoryhma",
    "jory": "jory", "ohjausryhmä": "ohjausryhma", "yhteistoimintaelin": "yhteistoimintaelin",
    "tarkastuslautakunta": "tarkastuslautakunta",
}
"""A body's base form and the name its IRI takes (id/organisation/{county}/body/{name})."""
COUNCIL_GROUPS = "valtuustoryhma"
"""The council's party groups (valtuustoryhmät): not a body of the county but a hva:CouncilGroup
(id/organisation/{county}/council-groups), one resource for them all, that decides nothing
(data/README.md, "Identifiers" and "Decision kinds")."""
ORGANISER = "organiser"
"""An event held by the organisation itself, not by a body of it (its IRI is the county's)."""
ORGANISERS = {"hyvinvointialue", "kaupunki"}
"""What the organiser calls itself ("Etelä-Karjalan hyvinvointialueen", "kaupungin")."""
ENGLISH_BODY_NAMES = {"aluevaltuusto": "County council", "aluehallitus": "County executive"}
"""A wellbeing services county's council and executive as the English translation of the Act on
Wellbeing Services Counties (611/2021) names them: the law fixes these two names, so the drafter
proposes them (hvash:BodyNameShape); any other English name is the curator's."""
BODY_LABELS = {name: base[:1].upper() + base[1:] for base, name in reversed(list(BODIES.items()))}
BODY_LABELS.update({"jory": "JORY", "vate": "Vate", "aluevaltuusto": "Aluevaltuusto", "aluehallitus": "Aluehallitus",
                    COUNCIL_GROUPS: "Valtuustoryhmät"})
"""The Finnish label of each body (its base form), by its IRI name."""

EVENT_KINDS = {
    "seminaari": "Seminar", "strategiaseminaari": "Seminar", "talousseminaari": "Seminar",
    "tilaisuus": "Seminar", "strategiatilaisuus": "Seminar", "strategiapäivä": "Seminar",
    "info": "InformationSession", "infotilaisuus": "InformationSession", "tiedotustilaisuus": "InformationSession",
    "henkilöstöinfo": "InformationSession",
    "kuulemistilaisuus": "Hearing", "kuulemisilta": "Hearing",
}
"""An event's noun and the class it names; an occasion of hearing people ("kuulemistilaisuus": a
tilaisuus of kuuleminen, the ontology's Finnish label of hva:Hearing) is a hearing, not a seminar."""

CONSULTATION_KINDS = {
    "kysely": "Survey", "strategiakysely": "Survey", "kyselytutkimus": "Survey",
    "lausuntopyyntö": "RequestForStatements", "lausunto": "RequestForStatements",
}
CONSULTATION_WORDS = {"työpaja", "foorumi", "kuuleminen", "osallistaminen", "osallistaa", "asukasilta",
                      "kumppanuuspäivä", "tiedotuskanava", "kanava", "raati", "paneeli", "keskustelutilaisuus",
                      "kuulla", "toimielinkäsittely", "ilta", "kommentoida", "kommentointi"}

DECISION_VERBS = {"käynnistää", "hyväksyä", "päättää", "käsitellä", "linjata", "vahvistaa", "merkitä", "esittää"}
HEARING_WORDS = {"lausunnoilla", "lausunnolla", "kommentoitavana", "lausuntokierros", "lausuntoaika", "nähtävillä"}
"""A draft out for comments: "on lausunnolla/lausunnoilla … asti", "kommentoitavana", "nähtävillä"."""

SUBMITTING_VERBS = {"toimittaa", "lähettää", "luovuttaa"}
"""A document submitted or sent to someone: the organisations it went to are the event's recipients."""
ORGANISATION_NOUNS = ("ministeriö", "virasto", "laitos")
"""Head nouns of a national authority's name ("sosiaali- ja terveysministeriö", "aluehallintovirasto",
"Terveyden ja hyvinvoinnin laitos")."""
AUTHORITIES = {
    "sosiaali-ja-terveysministerio": ("Sosiaali- ja terveysministeriö", "STM", ("stm", "terveysministeriö")),
    "terveyden-ja-hyvinvoinnin-laitos": ("Terveyden ja hyvinvoinnin laitos", "THL", ("thl",)),
    "valtiovarainministerio": ("Valtiovarainministeriö", "VM", ("vm", "valtiovarainministeriö")),
    "sosiaali-ja-terveysalan-lupa-ja-valvontavirasto": ("Sosiaali- ja terveysalan lupa- ja valvontavirasto",
                                                         "Valvira", ("valvira", "valvontavirasto")),
    "aluehallintovirasto": ("Aluehallintovirasto", "AVI", ("avi", "aluehallintovirasto")),
}
"""The national authorities a wellbeing services county reports to, by the IRI name of their Finnish
name (data/README.md, "Identifiers": id/organisation/{slug}), their Finnish name, the abbreviation
used for them and the base forms that name them."""

PREPARED_VERBS = {"valmistella", "laatia", "syntyä", "työstää", "valmistua", "edetä", "rakentua"}
"""What a heading says happened to the strategy, in the past: the timeline of its preparation follows."""
PREPARED_STEMS = ("valmistel", "laadi", "laati", "synty", "työste", "työstä", "valmistu", "edenn", "rakentu")
"""Their participles' stems ("on syntynyt", "on laadittu": a participle is its own base form to the analyser)."""

PLAN_VERBS = {"valmistella"}
STARTING_VERBS = {"käynnistyä", "alkaa", "aloittaa"}
PREPARATION_VERBS = {"valmistella", "päivittää", "lisätä", "toimittaa", "julkaista", "laatia", "työstää", "viimeistellä",
                     *STARTING_VERBS, "kokoontua"}
PERIOD_WORDS = {"aikana", "mittaan"}
"""After a time, the work goes on over it ("valmistellaan vuoden 2022 aikana"): a plan's time, not an event's
(data/README.md: a plan section "vuoden 2022 aikana" carries it as dcterms:temporal)."""

FOLLOW_UP_WORDS = {"seurata", "seuranta", "raportoida", "raportointi", "mittari", "indikaattori", "arvioida",
                   "arviointi", "mitata", "toteutuminen"}
LEGAL_WORDS = {"laki", "asetus", "säätää", "säädetty", "velvoite", "lainsäädäntö", "säädös"}
LEGAL_PHRASES = ("on oltava", "tulee perustua", "on huomioitava", "§")
REQUIREMENT_VERBS = {"edellyttää", "velvoittaa", "vaatia", "määrätä", "säätää"}
"""A law or legislation that requires (edellyttää, velvoittaa …) states a legal requirement, citation and all."""

POINTERS = {"tutustua", "lukea", "luettavaksi", "löytyä", "katsoa", "ladata", "tiedosto", "liite"}
"""A sentence that only points the reader elsewhere ("… voi tutustua …", "Alla luettavaksesi …")."""
