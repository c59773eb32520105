"""`parlour align`: a typed transcript and its recording become a timed WebVTT transcript.

text.py reads what volunteers type; engine.py finds the times (espeak-ng speaks the text,
and dynamic time warping matches it with the recording); confidence.py marks the cues it is
unsure of; update.py aligns again after edits; run.py ties them to an interview.
"""
