"""The rules a reader needs to count the published figures again from a microdata file: what
the codebook says after its variables (one row each, type «regel»), in Norwegian as the rest of
the codebook. Each rule is the one the code follows; the module named in a comment beside it is
where. Decided here: a person counts in a theme from one counted answer (not half the theme's
questions), since a resident who declines most questions has still said what they said, and
the figure's n says how many counted.
"""

from app.results.differences import LEVEL
from app.results.microdata import ALL_ANSWERS, ALONE_ANSWERS, HELPED_ANSWERS


def recount_rules(k: int) -> dict[str, str]:
    """Each rule's name and words; `k`: the smallest group shown (MINSTEMME_MIN_GROUP)."""
    level = f"{LEVEL * 100:g}".replace(".", ",")
    return {
        # app/results/sums.py: every response of the round, finished or not
        "regel_uferdige": "Uferdige svar teller: alt en person svarte, også når personen ikke "
        "kom til slutten (fullfort er tom).",
        # app/results/scoring.py
        "regel_temaskår": f"En persons temaskår ({ALL_ANSWERS}<tema>) er snittet av poengene "
        "(kolonnen poeng) til personens svar som teller i temaet; personen teller i temaet fra "
        "ett slikt svar. «Vil ikke svare», «Vet ikke», bakgrunnsspørsmål og gjentakelser "
        "(gjentar) teller ikke; et spørsmål stilt omvendt (omvendt_av) har poengene snudd.",
        # app/results/sums.py: `alone` and `helped` are counted per answer
        "regel_alene": "Alene eller med hjelp avgjøres for hvert svar, ikke for personen: "
        f"{ALONE_ANSWERS}<tema> er snittet av svarene gitt uten hjelp, {HELPED_ANSWERS}<tema> "
        "av svarene gitt med hjelp (hjelper i den lange formen), og samme person kan telle i "
        "begge.",
        # app/results/scoring.py: score_of
        "regel_gruppe": "En gruppes skår er snittet av personenes temaskår, så hver person "
        "veier likt; 95 % konfidensintervall fra Students t med n − 1 frihetsgrader, avgrenset "
        "til 0–100.",
        # app/results/scoring.py: half_up
        "regel_avrunding": "Skår, grenser og forskjeller vises med én desimal, avrundet halvt "
        "opp (66,25 blir 66,3); en forskjell er forskjellen mellom de to tallene slik de vises.",
        # app/results/lattice.py
        "regel_skjuling": f"Et tall fra færre enn {k} personer vises ikke. Filtrene tas i "
        "denne rekkefølgen for hver kommune: alle, svarte selv, svarte med hjelp, og de samme "
        "uten kvalitetsflagg; et tall vises bare når det skiller seg fra hvert tall over en "
        f"gruppe det ligger i, som alt vises, med 0 eller minst {k} personer. «Alle kommuner» "
        "er summen av kommunene som vises under samme filter.",
        # app/results/differences.py
        "regel_stjerne": "✱: Welchs t-test, tosidig, og alle forskjellene på én side avgjort "
        f"under ett med Holms metode på {level} %-nivå; mot alle de andre kommunene teller "
        "testen kommunens egne frihetsgrader (n − 1).",
        # app/results/microdata.py: earlier_wording; app/results/dashboard.py: reworded
        "regel_ordlyd": "Et spørsmål stilt med andre ord i en tidligere versjon står i "
        "ordlyd_i_tidligere_versjoner, og skjemaversjon sier hvilken versjon hver person "
        "svarte på. En endring over ny ordlyd vises med «ny ordlyd» og testes ikke.",
    }
