"""Plain text from a status's HTML content."""

import pytest

from dialogo.networks.mastodon.client import html_to_text


@pytest.mark.parametrize(
    ("content", "text"),
    [
        ("<p>Hola</p>", "Hola"),
        ("<p>uno<br>dos<br />tres</p>", "uno\ndos\ntres"),
        ("<p>primero</p><p>segundo</p>", "primero\n\nsegundo"),
        ("<p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;</p>", "a & b <c> \"d\" 'e'"),
        # What the citizen typed literally stays literal: no double unescaping.
        ("<p>&amp;lt;b&amp;gt;</p>", "&lt;b&gt;"),
        ("<p><script>alert(1)</script>x</p>", "alert(1)x"),
        ("", ""),
        ("texto sin etiquetas", "texto sin etiquetas"),
        ("<p>uno</p><p></p><p></p><p>dos</p>", "uno\n\ndos"),
    ],
)
def test_html_to_text(content, text):
    assert html_to_text(content) == text
