from mundwerk.core.markdown import mention_candidates, render_markdown


def test_markdown_renders_emphasis_and_lists():
    html = render_markdown("**fett** und *kursiv*\n\n- eins\n- zwei").html
    assert "<strong>fett</strong>" in html
    assert "<em>kursiv</em>" in html
    assert "<li>eins</li>" in html


def test_raw_html_is_shown_as_text_not_markup():
    html = render_markdown('<script>alert(1)</script><img src=x onerror="alert(2)">').html
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


def test_javascript_links_are_not_links():
    html = render_markdown("[klick](javascript:alert(1)) [b](JaVaScRiPt:alert(1))").html
    assert "javascript:" not in html.lower() or "href" not in html


def test_external_links_get_nofollow_ugc_noopener():
    html = render_markdown("[Beispiel](https://example.org/rad)").html
    assert 'href="https://example.org/rad"' in html
    assert 'rel="nofollow ugc noopener"' in html


def test_bare_addresses_become_links_with_nofollow():
    html = render_markdown("Mehr unter https://example.org/ratgeber oder www.example.com").html
    assert '<a href="https://example.org/ratgeber" rel="nofollow ugc noopener">' in html
    assert 'href="http://www.example.com"' in html


def test_email_addresses_in_text_are_not_mentions_even_when_linked():
    rendered = render_markdown("Schreib an anna@example.org", known_users={"example": "example"})
    assert rendered.mentions == []
    assert 'href="mailto:anna@example.org"' in rendered.html


def test_internal_links_keep_no_rel():
    html = render_markdown("[Start](/s/werkstatt/)").html
    assert 'href="/s/werkstatt/"' in html
    assert "nofollow" not in html


def test_external_images_become_links_so_no_third_party_request_is_made():
    html = render_markdown("![Rad](https://tracker.example.org/pixel.png)").html
    assert "<img" not in html
    assert 'href="https://tracker.example.org/pixel.png"' in html


def test_local_images_stay_images():
    html = render_markdown("![Rad](/media/images/rad.jpg)").html
    assert '<img src="/media/images/rad.jpg" alt="Rad"' in html


def test_known_mentions_link_to_profiles_and_unknown_stay_text():
    rendered = render_markdown("Hallo @Anna und @niemand!", known_users={"anna": "anna"})
    assert '<a href="/u/anna/" class="mention">@Anna</a>' in rendered.html
    assert "@niemand" in rendered.html
    assert rendered.mentions == ["anna"]


def test_mention_at_end_of_sentence_drops_the_full_stop():
    rendered = render_markdown("Danke @anna.", known_users={"anna": "anna"})
    assert "@anna</a>." in rendered.html


def test_email_addresses_are_not_mentions():
    assert mention_candidates("schreib an info@anna.de") == set()


def test_hashtags_link_to_tag_pages_and_are_collected_lowercase():
    rendered = render_markdown("Neu: #Fahrrad und #e-bike, nicht aber Kapitel#3 oder #42")
    assert '<a href="/tags/fahrrad/" class="hashtag">#Fahrrad</a>' in rendered.html
    assert sorted(rendered.tags) == ["e-bike", "fahrrad"]


def test_umlaut_hashtags_are_url_encoded():
    rendered = render_markdown("#Übung macht den Meister")
    assert rendered.tags == ["übung"]
    assert 'href="/tags/%C3%BCbung/"' in rendered.html


def test_headings_are_not_hashtags():
    rendered = render_markdown("# Überschrift\n\nText")
    assert rendered.tags == []
    assert "<h1>Überschrift</h1>" in rendered.html


def test_hashtags_and_mentions_inside_code_and_links_are_left_alone():
    rendered = render_markdown("`#code @anna` [#link](/x)", known_users={"anna": "anna"})
    assert rendered.tags == []
    assert rendered.mentions == []


def test_tables_render_without_inline_styles():
    html = render_markdown("| a | b |\n|--:|---|\n| 1 | 2 |").html
    assert "<table>" in html
    assert "style=" not in html


def test_a_tag_that_grows_when_lowercased_beyond_the_limit_is_not_a_tag():
    rendered = render_markdown("#" + "İ" * 50)
    assert rendered.tags == []
