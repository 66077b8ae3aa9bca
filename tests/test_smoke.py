"""Import smoke test: pip 23.2.1 installs a trafilatura that cannot be imported (lxml_html_clean missing)."""


def test_trafilatura_imports() -> None:
    import trafilatura

    assert trafilatura.extract("<html><body><article><p>" + "政府信息公开。" * 20 + "</p></article></body></html>")
