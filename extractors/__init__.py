"""Rule-based and spaCy extractors that turn normalised report text into facts."""
