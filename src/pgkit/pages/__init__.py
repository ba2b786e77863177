"""Page builders: each Voila notebook calls one ``show()`` from here."""
