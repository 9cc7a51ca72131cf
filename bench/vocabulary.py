"""Norwegian word pools for the synthetic applications (``bench.synth``).

Every application picks one or two *topics*; the topic's terms dominate its text, so that
text similarity between applications means something (two applications about palliative care
share far more words than one about palliative care and one about recruitment). The general
terms, actors, verbs and sentence templates are shared by all.

Everything here is plain data in fixed order: the generator draws from these lists with its
own seeded ``random.Random``, so the output depends only on the seed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    id: str
    themes: tuple[str, ...]  # theme names as contributors write them
    titles: tuple[str, ...]  # title cores: "{prefix} {core} i {place}"
    terms: tuple[str, ...]  # noun phrases that dominate the text


TOPICS: tuple[Topic, ...] = (
    Topic(
        "psykisk-helse-rus",
        ("Psykisk helse", "Rus", "Lavterskeltilbud"),
        ("lavterskeltilbud for psykisk helsehjelp", "drop in samtalebehandling", "ambulant rusteam",
         "samordning av psykisk helsevern og rusbehandling", "felles FACT-team", "ettervern etter rusbehandling"),
        ("psykisk helsehjelp", "rusbehandling", "lavterskeltilbud", "samtalebehandling", "FACT-team",
         "ambulant oppfølging", "psykoedukasjon", "rusmestring", "angst og depresjon", "recovery-orientert praksis",
         "brukerstyrte senger", "ettervern", "ruslidelser", "krisehjelp", "distriktspsykiatrisk senter",
         "poliklinisk behandling", "døgnplasser i psykisk helsevern", "rask psykisk helsehjelp",
         "individuell jobbstøtte", "samtidig rus og psykisk lidelse", "oppsøkende behandling", "ruskonsulent",
         "psykiatrisk sykepleier", "gruppebehandling", "tvangsinnleggelser", "selvmordsforebygging",
         "psykososial oppfølging", "boligsosialt arbeid", "legemiddelassistert rehabilitering",
         "kommunal rus- og psykisk helsetjeneste"),
    ),
    Topic(
        "eldre",
        ("Eldre", "Demens"),
        ("pasientforløp for skrøpelige eldre", "felles demensteam", "hverdagsrehabilitering i hjemmet",
         "trygg utskrivning av eldre pasienter", "geriatrisk team på tvers av nivåene", "fallforebygging hos eldre"),
        ("hjemmetjenesten", "sykehjem", "demensomsorg", "skrøpelige eldre", "utskrivningsklare pasienter",
         "pasientforløp for eldre", "hverdagsrehabilitering", "korttidsopphold", "geriatrisk vurdering",
         "fallforebygging", "legemiddelgjennomgang", "pårørendestøtte", "dagaktivitetstilbud", "demensutredning",
         "sykehjemslege", "ernæringsstatus", "funksjonskartlegging", "delirium", "avansert klinisk sykepleie",
         "palliasjon i sykehjem", "tildelingskontor", "trygghetsalarm", "aldersvennlig samfunn", "hjemmesykepleie",
         "tidlig oppdagelse av funksjonsfall", "samstemt legemiddelliste", "heldøgns omsorg",
         "innleggelser fra sykehjem", "geriatrisk poliklinikk", "pårørendeskole"),
    ),
    Topic(
        "digital",
        ("Digitale løsninger", "Digital løsning", "Velferdsteknologi", "Digital hjemmeoppfølging"),
        ("digital hjemmeoppfølging", "felles videokonsultasjon", "digitalt tilsyn", "felles responssenter",
         "digital samhandlingsplattform", "pasientnære målinger i hjemmet"),
        ("digital hjemmeoppfølging", "videokonsultasjon", "pasientnære målinger", "elektronisk meldingsutveksling",
         "journalsystem", "kjernejournal", "nettbrett", "sensorteknologi", "responssenter", "digitalt tilsyn",
         "felles plattform", "digitale konsultasjoner", "pasientportal", "teknisk integrasjon", "informasjonssikkerhet",
         "personvernkonsekvensvurdering", "dataflyt", "digital booking", "elektroniske skjema", "helsenettet",
         "medisindispenser", "varslingsløsning", "brukerstøtte", "innføringsplan", "driftsmodell",
         "regionale løsninger", "standardisert dokumentasjon", "e-konsultasjon", "digitale ferdigheter",
         "teknologiske hjelpemidler"),
    ),
    Topic(
        "rekruttering",
        ("Rekruttering", "Kompetanse", "Kompetanseheving"),
        ("kombinerte stillinger mellom kommune og sykehus", "felles rekrutteringsprogram for sykepleiere",
         "desentralisert spesialsykepleierutdanning", "mentorordning for nyutdannede", "rotasjonsordning for LIS1",
         "hospitering mellom tjenestenivåene"),
        ("rekruttering av sykepleiere", "turnusleger", "LIS1-stillinger", "spesialsykepleiere", "kompetanseheving",
         "hospitering", "desentralisert utdanning", "praksisplasser", "mentorordning", "stabile fagmiljøer",
         "vikarbruk", "kombinerte stillinger", "veiledning av nyutdannede", "videreutdanning", "arbeidsmiljø",
         "heltidskultur", "rotasjonsordning", "fagutvikling", "kompetanseplan", "lærlinger i helsefag",
         "sykepleierstudenter", "bemanningsplan", "kompetansedeling", "faglig nettverk", "introduksjonsprogram",
         "lønnet utdanningsstilling", "erfarne fagarbeidere", "turnover", "beholde ansatte", "simuleringstrening"),
    ),
    Topic(
        "akutt",
        ("Akuttmedisin", "Legevakt"),
        ("interkommunal legevakt", "felles akuttmedisinsk team", "observasjonssenger i kommunen",
         "samordnet akuttberedskap", "simuleringstrening i akuttmedisinsk kjede", "utvidet legevaktsamarbeid"),
        ("legevakt", "akuttmedisinsk kjede", "ambulansetjenesten", "akuttberedskap", "observasjonssenger",
         "kommunale akutte døgnplasser", "triage", "prehospitale tjenester", "luftambulanse", "akuttmottak",
         "interkommunal legevakt", "responstid", "legevaktsentral", "utrykning", "akutt funksjonssvikt",
         "felles øvelser", "medisinsk nødmeldetjeneste", "vaktordning for leger", "bakvakt",
         "hjemmebesøk fra legevakt", "transport av pasienter", "vurderingskompetanse", "første hjelp",
         "stabilisering før transport", "akuttsykepleier", "beredskapsplan", "avstand til sykehus",
         "ambulant akutteam", "tidskritiske tilstander", "lokal akuttkompetanse"),
    ),
    Topic(
        "barn-unge",
        ("Barn og unge", "Tidlig innsats"),
        ("familieteam for barn og unge", "tidlig innsats i helsestasjonen", "felles inntaksteam for BUP og kommunen",
         "barnekoordinator i praksis", "overgang fra barn til voksen", "skolehelsetjeneste med spesialiststøtte"),
        ("barn og unge", "helsestasjon", "skolehelsetjenesten", "barne- og ungdomspsykiatrisk poliklinikk",
         "familieteam", "tidlig innsats", "barnevernet", "foreldreveiledning", "barnekoordinator",
         "ungdom med sammensatte behov", "habilitering", "overgang til voksenlivet", "pedagogisk-psykologisk tjeneste",
         "helsesykepleier", "skolefravær", "samarbeid med barnehagen", "familiens behov", "individuell plan",
         "ungdomshelse", "tverrfaglig inntak", "barneavdeling", "kronisk syke barn", "foreldre og søsken",
         "lavterskel samtaletilbud for ungdom", "oppvekstsektoren", "fritidstilbud", "trygg tilknytning",
         "utviklingsvansker", "ventetid for barn", "barn som pårørende"),
    ),
    Topic(
        "palliasjon",
        ("Palliasjon", "Kreft"),
        ("palliativt team på tvers av nivåene", "kreftkoordinator i distriktet", "trygg hjemmedød",
         "pasientforløp for lindrende behandling", "forhåndssamtaler i livets sluttfase", "palliativ enhet i sykehjem"),
        ("palliativ omsorg", "kreftkoordinator", "lindrende behandling", "pakkeforløp for kreft", "livets sluttfase",
         "palliativt team", "hjemmedød", "smertelindring", "cellegiftbehandling", "pårørende i sorg",
         "forhåndssamtaler", "palliativ plan", "kreftsykepleier", "symptomlindring", "lindrende enhet",
         "oppfølging etter kreftbehandling", "palliative senger", "døgnkontinuerlig tilgjengelighet",
         "åpen retur", "samtaler om behandlingsvalg", "stråleterapi", "ernæring ved kreft", "sorgstøtte",
         "palliativt nettverk", "kompetanse i lindrende behandling", "overføring til hjemmet", "livskvalitet",
         "verdighet", "koordinerende enhet", "kreftrehabilitering"),
    ),
    Topic(
        "kronisk",
        ("Kronisk sykdom", "Rehabilitering", "Læring og mestring"),
        ("oppfølging av personer med KOLS", "felles rehabiliteringsforløp", "lærings- og mestringstilbud i kommunen",
         "diabetesteam med spesialiststøtte", "hjertesviktpoliklinikk i distriktet", "friskliv og mestring"),
        ("KOLS", "diabetes", "hjertesvikt", "rehabilitering", "lærings- og mestringstilbud", "frisklivssentral",
         "egenbehandlingsplan", "oppfølging etter utskrivning", "kronisk syke", "treningsgrupper", "ernæring",
         "fysioterapi", "ergoterapi", "diabetessykepleier", "forverringsplan", "gjeninnleggelser",
         "mestring i hverdagen", "pasientopplæring", "sammensatte lidelser", "multisyke pasienter",
         "koordinator", "rehabiliteringsopphold", "arbeidsrettet rehabilitering", "levevaner", "røykeslutt",
         "fysisk aktivitet", "oppfølgingsteam", "felles forløp", "egenmestring", "spesialisert rehabilitering"),
    ),
    Topic(
        "samisk",
        ("Samisk helse", "Språk og kultur", "Likeverdige tjenester"),
        ("samiskspråklige helsetjenester", "kultursensitiv oppfølging av samiske pasienter",
         "tolketjeneste i samisk språk", "likeverdige tjenester i samiske områder", "samisk pasientforløp",
         "helsetjenester for reindriftsnæringen"),
        ("samiske pasienter", "språk og kulturforståelse", "tolketjeneste", "samisk helsepark",
         "kultursensitiv behandling", "reindriftsnæringen", "samiskspråklige fagfolk", "likeverdige tjenester",
         "samisk språk", "kulturkompetanse", "urfolksperspektiv", "tillit til helsetjenesten", "tradisjonell kunnskap",
         "tospråklig kommunikasjon", "forvaltningsområdet for samisk språk", "samiske barn og unge",
         "samiske eldre", "informasjon på samisk", "samisk nasjonal kompetansetjeneste", "lokalkunnskap",
         "kulturell trygghet", "familienettverk", "avstand og reisetid", "sesongarbeid",
         "samisk pasientombud", "samiske institusjoner", "flerspråklige ansatte", "samisk helsepersonell",
         "misforståelser i kommunikasjon", "kulturelle forskjeller"),
    ),
    Topic(
        "fodsel",
        ("Svangerskap og fødsel", "Jordmortjeneste"),
        ("felles jordmortjeneste", "følgetjeneste for gravide", "svangerskapsomsorg nær der folk bor",
         "barselomsorg med hjemmebesøk", "jordmor i kombinert stilling", "trygg fødsel i distriktet"),
        ("jordmortjeneste", "følgetjeneste", "svangerskapsomsorg", "barselomsorg", "fødestue", "jordmor i kommunen",
         "ultralyd", "hjemmebesøk etter fødsel", "gravide", "fødeavdeling", "ammeveiledning", "fødselsdepresjon",
         "svangerskapskontroll", "nyfødte", "kvinnehelse", "reiseavstand til fødested", "fødselsforberedelse",
         "tidlig hjemreise", "jordmorvakt", "svangerskapsdiabetes", "risikosvangerskap", "familieplanlegging",
         "helsestasjon for gravide", "barseltilbud", "fødselsomsorg", "transport av fødende", "jordmorkompetanse",
         "kvinneklinikk", "samarbeid om fødende", "trygghet for familien"),
    ),
    Topic(
        "legemidler",
        ("Legemidler", "Pasientsikkerhet"),
        ("klinisk farmasøyt i kommunen", "samstemte legemiddellister", "trygg legemiddelhåndtering",
         "legemiddelgjennomgang i hjemmetjenesten", "felles farmasøytteam", "riktig legemiddelbruk hos eldre"),
        ("legemiddelhåndtering", "klinisk farmasøyt", "multidose", "legemiddelsamstemming", "legemiddelgjennomgang",
         "pasientsikkerhet", "uønskede hendelser", "legemiddellister", "e-resept", "pasientens legemiddelliste",
         "feilmedisinering", "legemiddelrelaterte problemer", "antibiotikabruk", "polyfarmasi", "apotek",
         "sykehusapotek", "legemiddelsamtale", "utskrivningssamtale", "interaksjoner", "legemiddelkurve",
         "opplæring i legemiddelhåndtering", "avvikssystem", "riktig legemiddelbruk", "dosering", "farmasøytisk tilsyn",
         "legemiddellager", "behandlingsplan", "sikker overføring av informasjon", "kvalitetsindikatorer",
         "legemiddelregnskap"),
    ),
    Topic(
        "samhandling",
        ("Samhandling", "Pasientforløp", "Helsefellesskap"),
        ("felles pasientforløp", "samhandlingsarena for kommune og sykehus", "forbedring av utskrivningsprosessen",
         "felles tjenesteutvikling", "koordinerte tjenester for pasienter med sammensatte behov",
         "tverrfaglig samhandlingsteam"),
        ("pasientforløp", "samhandlingsavtale", "utskrivningsprosess", "innleggelse", "tjenesteavtaler",
         "koordinerende enhet", "samarbeidsmøter", "felles tjenesteutvikling", "oppgavedeling",
         "helhetlige tjenester", "pasientens helsetjeneste", "avvikshåndtering", "felles prosedyrer",
         "informasjonsoverføring", "tverrfaglig team", "samhandlingskoordinator", "praksiskonsulent",
         "fastlegeordningen", "kommunehelsetjenesten", "spesialisthelsetjenesten", "ambulante tjenester",
         "poliklinikk i distriktet", "desentraliserte tjenester", "sammensatte behov", "sykehusopphold",
         "overgangene mellom tjenestene", "faglig rådgivning", "veiledning av kommunene", "felles forståelse",
         "ansvarsfordeling"),
    ),
)

# Spellings of themes as contributors also write them: the site merges the first two with
# their standard spelling (same slug) and lists the last as similar; each is used now and then
# in place of the standard one.
THEME_VARIANTS: dict[str, tuple[str, ...]] = {
    "Psykisk helse": ("psykisk helse ", "Psykisk-helse"),
    "Rus": ("rus",),
    "Eldre": ("eldre",),
    "Samhandling": ("samhandling",),
    "Digitale løsninger": ("digitale løsninger",),
}

# General themes that any application may add.
GENERAL_THEMES = ("Samhandling", "Innovasjon", "Brukermedvirkning")

TARGET_GROUPS = (
    "Voksne over 18 år med psykiske lidelser.",
    "Personer med rusproblemer og deres pårørende.",
    "Eldre som bor hjemme og mottar hjemmetjenester.",
    "Skrøpelige eldre som skrives ut fra sykehus.",
    "Barn og unge mellom 0 og 18 år og deres familier.",
    "Ungdom mellom 16 og 25 år med sammensatte behov.",
    "Pasienter med kroniske sykdommer som KOLS, diabetes og hjertesvikt.",
    "Pasienter i livets sluttfase og deres pårørende.",
    "Gravide, fødende og familier med nyfødte.",
    "Samiske pasienter og pårørende.",
    "Sykepleiere, leger og andre ansatte i kommunene og helseforetaket.",
    "Nyutdannede sykepleiere og helsefagarbeidere.",
    "Innbyggere som trenger akutt helsehjelp utenfor sykehus.",
    "Pasienter som bruker mange legemidler.",
    "Alle innbyggere i de deltakende kommunene.",
)

TOPIC_TARGET_GROUPS: dict[str, tuple[int, ...]] = {
    "psykisk-helse-rus": (0, 1, 5),
    "eldre": (2, 3),
    "digital": (2, 6, 14),
    "rekruttering": (10, 11),
    "akutt": (12, 14),
    "barn-unge": (4, 5),
    "palliasjon": (7,),
    "kronisk": (6, 2),
    "samisk": (9,),
    "fodsel": (8,),
    "legemidler": (13, 3),
    "samhandling": (3, 6, 14),
}

GENERAL_TERMS = (
    "samhandling", "pasientforløp", "kvalitet i tjenestene", "kompetanse", "bærekraft", "ressursbruk",
    "brukermedvirkning", "tilgjengelighet", "pasientsikkerhet", "forutsigbarhet", "kontinuitet",
    "tjenesteinnovasjon", "forankring i ledelsen", "felles mål", "gevinstrealisering", "evaluering",
    "erfaringsdeling", "spredning", "arbeidsprosesser", "ventetid", "reisetid", "tverrfaglig samarbeid",
    "felles forståelse", "oppgavedeling", "ansvarsfordeling", "kapasitet", "bemanning", "rekruttering",
    "likeverdige tjenester", "nærhet til tjenestene", "forbedringsarbeid", "kvalitetsindikatorer",
    "brukererfaringer", "helsefellesskapet", "prosjektorganisering", "risikovurdering", "kartlegging",
    "gevinstplan", "styringsgruppe", "referansegruppe", "arbeidspakker", "milepæler", "sluttrapport",
    "personvern", "økonomi", "drift etter prosjektperioden", "samarbeidsavtale", "intensjonsavtale",
)

ACTORS = (
    "kommunen", "helseforetaket", "fastlegene", "hjemmetjenesten", "spesialisthelsetjenesten",
    "kommunehelsetjenesten", "brukerrepresentantene", "de ansatte", "helsefellesskapet", "prosjektgruppen",
    "pårørende", "tillitsvalgte", "ledelsen", "styringsgruppen", "partene", "deltakerkommunene",
    "samhandlingsavdelingen", "fagmiljøene", "praksiskonsulentene", "sykehuset",
)

VERBS = (
    "styrke", "utvikle", "prøve ut", "etablere", "forbedre", "kartlegge", "evaluere", "samordne",
    "videreutvikle", "forankre", "implementere", "tilpasse", "dokumentere", "sikre", "bygge opp",
    "teste", "systematisere", "spre", "beskrive", "vurdere", "organisere", "tydeliggjøre",
)

ADJECTIVES = (
    "helhetlig", "koordinert", "forutsigbar", "tilgjengelig", "robust", "bærekraftig", "likeverdig",
    "effektiv", "trygg", "sammenhengende", "tverrfaglig", "fleksibel", "varig", "målrettet",
)

PLACE_WORDS = ("i distriktet", "i hele regionen", "i de minste kommunene", "langs kysten", "i innlandet",
               "i byene og distriktene", "der folk bor")

# Sentence templates. {T}/{t}: a topic term (capitalised / as is); {g}: a general term;
# {a}/{A}: an actor; {v}: a verb; {adj}: an adjective; {p}: a place from the application;
# {n}: a small number; {pct}: a percentage; {w}: a place word.
SENTENCES = (
    "{T} er en forutsetning for {g} i {p}.",
    "Prosjektet skal {v} {t} og bidra til {g} for pasientene.",
    "I dag opplever {a} at {t} er lite {adj}, og at {t2} mangler.",
    "Gjennom {t} vil {a} og {a2} {v} {g}.",
    "Erfaringer fra andre helsefellesskap viser at {t} kan gi bedre {g}.",
    "Det er behov for {t} fordi {g} varierer mye mellom kommunene.",
    "Tiltaket prøves ut i {p} før det eventuelt spres til flere kommuner {w}.",
    "{A} har ansvaret for {t}, mens {a2} har ansvaret for {t2}.",
    "Målet er en mer {adj} {g} og en {adj2} ordning for {t}.",
    "{A} vil i prosjektperioden {v} {t} i tett samarbeid med {a2}.",
    "Vi forventer at {t} gir kortere ventetid og færre unødvendige innleggelser.",
    "Kartleggingen viste at {n} av {n2} kommuner mangler {t}.",
    "En felles modell for {t} vil gjøre det enklere å {v} {t2}.",
    "Pasienter og pårørende har i flere år etterspurt {t} {w}.",
    "{T} og {t2} henger tett sammen, og må sees i sammenheng med {g}.",
    "Prosjektet bygger på {g} og på erfaringene med {t} fra tidligere år.",
    "Det skal utarbeides en plan for {t} som beskriver {g} og {g2}.",
    "Om lag {pct} prosent av pasientene i målgruppen har behov for {t}.",
    "For å lykkes må {a} ha tilgang til {t} når behovet oppstår.",
    "Ansatte fra {a} og {a2} skal jobbe i felles team med ansvar for {t}.",
    "Resultatene skal måles gjennom {g} og brukererfaringer med {t}.",
    "{A} skal sørge for at {t} blir en del av ordinær drift etter prosjektperioden.",
    "Lange avstander og små fagmiljøer gjør {t} krevende {w}.",
    "Prosjektet vil {v} hvordan {t} kan organiseres på tvers av tjenestenivåene.",
    "Det legges vekt på {g}, {g2} og {t}.",
    "{T} skal bidra til at pasienten får rett hjelp til rett tid.",
    "Vi vil {v} {t} slik at tilbudet blir mer {adj} for innbyggerne i {p}.",
    "Samarbeidet om {t} forankres i tjenesteavtalene mellom {a} og {a2}.",
    "Dersom {t} ikke kommer på plass, vil presset på {t2} øke de neste årene.",
    "Evalueringen skal vise om {t} gir bedre {g} og mer {adj} bruk av ressursene.",
    "I {p} er det i dag {n} ansatte som arbeider med {t}.",
    "{A} har god erfaring med {t}, men mangler {g2}.",
    "Tilbudet skal være {adj} og lett tilgjengelig for innbyggerne {w}.",
    "Prosjektet skal {v} rutiner for {t} og {t2}.",
    "Det er enighet mellom partene om at {t} er et felles ansvar.",
    "Brukerrepresentantene har bidratt til å beskrive behovet for {t}.",
)

LIST_ITEMS = (
    "{V} {t}",
    "Bedre {g} for pasienter med behov for {t}",
    "Felles rutiner for {t}",
    "Kompetanseheving i {t}",
    "{V} samarbeidet om {t2}",
    "Færre unødvendige innleggelser",
    "Kortere ventetid for {t}",
    "Rett tjeneste til rett tid",
    "Tydelig ansvarsfordeling mellom {a} og {a2}",
    "Systematisk evaluering av {g}",
)

# Subheadings (###) in the project plan, in order; each plan uses most of them.
PLAN_SUBHEADINGS = ("Bakgrunn og behov", "Målsettinger", "Metodikk", "Organisering", "Tidsplan",
                    "Risikovurdering", "Evaluering og oppfølging")

PHASES = ("Oppstart og planlegging", "Kartlegging", "Utprøving", "Gjennomføring", "Evaluering", "Avslutning og spredning")

TITLE_PREFIXES = ("Etablering av", "Pilot med", "Forprosjekt om", "Videreutvikling av", "Utprøving av",
                  "Felles", "Styrket", "Samarbeid om", "")

REGIONS = {
    "troms-og-ofoten": ("Nord-Troms", "Midt-Troms", "Sør-Troms", "Ofoten", "Tromsø-regionen"),
    "helgeland": ("Helgeland", "Sør-Helgeland", "Nord-Helgeland", "Ytre Helgeland"),
    "finnmark": ("Vest-Finnmark", "Øst-Finnmark", "Midt-Finnmark", "Indre Finnmark"),
    "lofoten-vesteralen-salten": ("Salten", "Lofoten", "Vesterålen", "Indre Salten"),
}

UNITS = ("enhet for psykisk helse og rus", "hjemmetjenesten", "helse- og omsorgsavdelingen", "legevakten",
         "helsestasjonen", "tildelingskontoret", "kommuneoverlegen", "sykehjemmet", "fysio- og ergoterapitjenesten",
         "samhandlingsavdelingen", "medisinsk klinikk", "psykisk helse- og rusklinikken", "barne- og ungdomsklinikken",
         "kvinneklinikken", "akuttmedisinsk klinikk", "kreftavdelingen", "geriatrisk avdeling",
         "lærings- og mestringssenteret", "sykehusapoteket", "avdeling for digitalisering")

ROLES = ("Prosjektleder", "Prosjekteier", "Fagansvarlig", "Kommunalsjef", "Avdelingsleder", "Samhandlingssjef",
         "Rådgiver", "Enhetsleder", "Klinikksjef", "Fastlege")

FIRST_NAMES = ("Kari", "Ola", "Mari", "Lars", "Ingrid", "Anders", "Siri", "Per", "Hanne", "Jon", "Marit", "Erik",
               "Anne", "Tor", "Liv", "Bjørn", "Solveig", "Knut", "Elin", "Geir", "Ragnhild", "Øystein", "Åse",
               "Nils", "Ellen", "Máret", "Aslak", "Berit", "Trond", "Lene", "Hilde", "Sindre", "Ida", "Jørgen")

LAST_NAMES = ("Nordmann", "Pedersen", "Rasmussen", "Rye", "Hansen", "Johansen", "Olsen", "Larsen", "Nilsen",
              "Berg", "Eriksen", "Karlsen", "Jakobsen", "Andreassen", "Mikkelsen", "Sara", "Eira", "Hætta",
              "Solberg", "Strand", "Kristiansen", "Isaksen", "Bakken", "Lund", "Sørensen", "Hauge", "Mathisen")

# Budget categories with typical items; "{k}" is the number of municipalities in the application.
BUDGET_ITEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Lønn og frikjøp", ("Prosjektleder, 100 % stilling", "Prosjektleder, 50 % stilling",
                         "Frikjøp av fagpersoner fra helseforetaket", "Frikjøp av kommunale deltakere, {k} kommuner",
                         "Koordinator, 50 % stilling", "Frikjøp fastleger for deltakelse i møter",
                         "Sykepleier i kombinert stilling", "Vikarutgifter ved hospitering")),
    ("Møter og reiser", ("Reiser og opphold", "Møter og workshops (lokale, bevertning)", "Samlinger for prosjektgruppen",
                         "Reiser til hospitering")),
    ("Brukermedvirkning", ("Godtgjøring til brukerrepresentanter", "Brukerpanel og fokusgrupper")),
    ("Utstyr og lisenser", ("Nettbrett og målere", "Lisenser for videokonsultasjon", "Teknisk integrasjon",
                            "Sensorer og varslingsutstyr")),
    ("Kompetanseheving", ("Kurs og opplæring", "Simuleringstrening", "Veiledning og nettverkssamlinger")),
    ("Evaluering", ("Ekstern evaluering", "Følgeforskning", "Sluttrapport og formidling")),
    ("Administrasjon", ("Prosjektadministrasjon", "Kommunikasjon og informasjonsmateriell")),
)

CONTRIBUTIONS = ("Bruk av eksisterende lokaler", "Deltakelse i styringsgruppe og referansegruppe",
                 "Ledelse og administrasjon", "Frikjøp av egne ansatte", "IKT-drift og brukerstøtte",
                 "Kontorplass for prosjektleder", "Fagressurser til veiledning")

LESSONS = (
    "Tidlig forankring i ledelsen i både kommunen og helseforetaket var avgjørende.",
    "Faste møtepunkter mellom tjenestenivåene ga raskere avklaringer.",
    "Brukerrepresentantene bidro til å endre prioriteringene i prosjektet.",
    "Det tok lengre tid enn planlagt å rekruttere prosjektleder.",
    "Felles opplæring skapte en felles forståelse av pasientforløpet.",
    "Teknisk integrasjon mellom journalsystemene var mer krevende enn ventet.",
    "Små kommuner trenger støtte for å kunne delta på lik linje med de store.",
    "Evalueringspunkter bør avtales før oppstart, ikke underveis.",
    "Hospitering ga ansatte innsikt i hverandres hverdag.",
    "Personvernkonsekvensvurderingen bør startes tidlig.",
    "Tiltaket ble videreført i ordinær drift etter prosjektperioden.",
    "Reisetid og vær gjorde det nødvendig med flere digitale møter.",
    "Tydelig ansvarsfordeling i avtalen forebygget uenighet.",
    "Pasientene satte pris på å møte de samme fagfolkene over tid.",
    "Det er viktig å ha en plan for drift etter at tilskuddet er brukt opp.",
    "Kommunikasjon med fastlegene krevde egne kanaler.",
    "Data om ventetid før oppstart gjorde det mulig å måle effekten.",
    "Modellen lot seg overføre til andre fagområder.",
)

REFERENCES: tuple[tuple[str, str | None], ...] = (
    ("Veikart for tjenesteinnovasjon (KS)",
     "https://www.ks.no/fagomrader/innovasjon/innovasjonsledelse/veikart-for-tjenesteinnovasjon/om-veikartet/"),
    ("InnoMed", "https://innomed.no"),
    ("Drop in-tilbud i Lillestrøm kommune", None),
    ("Nasjonal helse- og samhandlingsplan 2024–2027",
     "https://www.regjeringen.no/no/dokumenter/meld.-st.-9-20232024/id3027594/"),
    ("Helsefellesskap – veiledning fra Helsedirektoratet", "https://www.helsedirektoratet.no/veiledere/helsefellesskap"),
    ("Digital hjemmeoppfølging – erfaringer fra utprøvingen", "https://www.ehelse.no/digital-hjemmeoppfolging"),
    ("Pasientforløp for eldre og kronisk syke (Helse Midt-Norge)", None),
    ("FACT-modellen i Norge", "https://www.fact-norge.no"),
    ("Prosjektveiviseren (Digitaliseringsdirektoratet)", "https://www.prosjektveiviseren.no"),
    ("Utredningsinstruksen", "https://www.regjeringen.no/no/dokumenter/instruks-om-utredning/id2476518/"),
    ("Samisk nasjonal kompetansetjeneste – psykisk helsevern og rus (SANKS)", "https://www.finnmarkssykehuset.no/sanks"),
    ("Kompetanseløft 2025", "https://www.regjeringen.no/no/dokumenter/kompetanseloft-2025/id2567225/"),
    ("Leve hele livet – kvalitetsreform for eldre", None),
    ("Nasjonalt handlingsprogram for palliasjon i kreftomsorgen", "https://www.helsedirektoratet.no/retningslinjer/palliasjon-i-kreftomsorgen"),
    ("Jordmortjenesten i Nord-Norge – kartlegging", None),
    ("Akuttmedisinforskriften", "https://lovdata.no/dokument/SF/forskrift/2015-03-20-231"),
    ("Riktig legemiddelbruk i sykehjem (Pasientsikkerhetsprogrammet)", None),
    ("Barnekoordinator – veileder", "https://www.helsedirektoratet.no/veiledere/barnekoordinator"),
    ("Tverrfaglig team i Ofoten", None),
    ("Lærings- og mestringssentrene i Helse Nord", "https://www.helse-nord.no/lms"),
    ("Nordlandssykehusets ambulante team", None),
    ("Felles legevakt i Vest-Finnmark", None),
)

REFERENCE_NOTES = ("Modellen er relevant for vårt prosjekt.", "Vi har hatt kontakt med prosjektet.",
                   "Brukes som rammeverk i prosjektplanen.", "Gode erfaringer som vi bygger videre på.")

DECISION_NOTES = ("Innvilget med forbehold om evaluering.", "Redusert beløp grunnet rammen.",
                  "Rapport sendes tildelingsutvalget etter prosjektslutt.")
