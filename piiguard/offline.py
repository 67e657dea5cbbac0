"""Keep piiguard off the network.

presidio-analyzer imports tldextract (for its e-mail recognizer), whose default extractor
downloads the public suffix list on first use. piiguard replaces that extractor with one
that only reads the snapshot bundled in the tldextract package.
"""

from __future__ import annotations

__all__ = ["disable_suffix_list_download"]


def disable_suffix_list_download() -> None:
    """Point ``tldextract.extract`` at the bundled snapshot (no download, no disk cache)."""
    try:
        import tldextract.tldextract as tld
    except ImportError:  # presidio may stop depending on it: then there is nothing to stop
        return
    if getattr(tld.TLD_EXTRACTOR, "suffix_list_urls", ()) == ():
        return
    tld.TLD_EXTRACTOR = tld.TLDExtract(
        suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True
    )
