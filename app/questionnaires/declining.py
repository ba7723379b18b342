""" "Vil ikke svare": the choice every question offers besides its scale's options.

A declined question is stored as an answer with no value (None), so it is told apart from a
question never reached (no answer at all). These are its names everywhere else.
"""

from app.words import DEFAULT_LANGUAGE, words_in

LABEL = words_in(DEFAULT_LANGUAGE).decline
"""In reports and codebooks; on the button in each language, as app/words.yaml says it."""

FORM_VALUE = "-"
"""What the button sends: no option value can be "-" (see `OptionValue`)."""

CODE = "vil_ikke_svare"
"""In exports (a value like an option's) and in the names of its recorded and spoken clips."""
