"""The phone page of a reflection meeting: plain HTML from the server, no kernel.

A room of phones opens the meeting link at once. As a Voila page each phone needs its
own kernel and loads Voila's front end (several MB of JavaScript); on a 2-core server
twelve bare one-slider Voila pages alone take about a minute (benchmarks/README.md). So
the link the facilitator shows (``/meedoen``) is served by the kit's own handlers:
forms that work without JavaScript, and one small script (``phone.js``) that keeps the
page current and saves drafts as they are typed. Every rule stays in ``pgkit.live`` and
``pgkit.reflection``; the cards are ``pgkit.live.seat_cards``, shared with the in-app
meeting view.

- ``seat``: what the page shows, as sections (join form, question, role, dilemma,
  group web);
- ``handlers``: the addresses, sign-in, the form posts and the state the script reads.
"""
