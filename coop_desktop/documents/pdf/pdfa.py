"""PDF/A-2b for the dossier PDF, through reportlab's own hooks (no second pass over the file).

``render_pdf(..., pdfa=True)`` calls :func:`prepare` on every canvas it makes. The file then
has, besides what every dossier PDF has (all fonts embedded and subset, Latin included; no
unembedded Helvetica; a trailer ``/ID``; no encryption, JavaScript, transparency, images or
annotations):

* an XMP metadata stream in the catalog (uncompressed, no ``bytes``/``encoding`` attributes
  in the packet header) with ``pdfaid:part = 2``, ``pdfaid:conformance = B``, ``dc:title``
  as a language alternative (``x-default`` is the Info ``/Title``, plus ``zh-CN`` and ``en``),
  ``dc:creator`` = ``/Author``, ``dc:description`` = ``/Subject``, ``pdf:Keywords``,
  ``pdf:Producer``, ``xmp:CreatorTool`` = ``/Creator``, ``xmp:CreateDate`` and
  ``xmp:ModifyDate`` equal to the Info dates. The XMP is written from the Info dictionary's
  own values when the file is written, so the two always agree;
* the Info dictionary without ``/Trapped`` (it would need ``pdf:Trapped`` too);
* an sRGB ``/OutputIntents`` entry (``/S /GTS_PDFA1``) whose ``/DestOutputProfile`` is an
  ICC profile made by Pillow's littleCMS (:func:`srgb_profile`: version 4.4, class ``mntr``,
  colour space ``RGB``), since the pages draw in DeviceRGB;
* header ``%PDF-1.7`` and colours forced to RGB (``enforceColorSpace="rgb"``);
* an end-of-line marker before every ``endstream`` keyword, not counted in ``/Length``
  (ISO 19005-2, 6.1.7.1). reportlab 5.1 writes ``…data endstream`` with nothing between;
  :func:`prepare` marks its document and a wrapper of ``PDFStream.format`` adds the EOL for
  marked documents only, so ordinary renders stay byte-identical.

What was checked, and how, is listed in ``tests/documents/test_pdfa.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
import threading
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfdoc

from coop_desktop.errors import CoopError
from coop_desktop.i18n.catalog import N_

__all__ = ["ICC_DESCRIPTION", "PDF_VERSION", "PdfaTitles", "prepare", "srgb_profile", "xmp_packet"]

PDF_VERSION = (1, 7)
ICC_DESCRIPTION = "sRGB IEC61966-2.1"
MSG_NO_ICC = N_("PDF/A needs the colour management module of Pillow (ImageCms), which is "
                "missing from this installation. Export without PDF/A, or reinstall Pillow.")

# A fixed creation date in the profile header (bytes 24–35), so that two renders of the same
# document give the same bytes. The profile ID (bytes 84–99) is left zero by littleCMS.
_ICC_DATE = bytes.fromhex("07ea00010001000000000000")  # 2026-01-01 00:00:00


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """An sRGB ICC profile (littleCMS's built-in, through Pillow), with a fixed header date."""
    try:
        from PIL import ImageCms
    except ImportError as exc:  # pragma: no cover - Pillow built without littleCMS
        raise CoopError(MSG_NO_ICC) from exc
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = _ICC_DATE
    return bytes(data)


@dataclass(frozen=True)
class PdfaTitles:
    """The document title in each language, for ``dc:title`` (beside the Info title)."""

    zh: str | None = None
    en: str | None = None


def _xmp_date(stamp: Any) -> str:
    """reportlab's TimeStamp as an XMP date equal to the Info dictionary's ``D:`` date."""
    y, mo, d, h, mi, s = stamp.YMDhms
    dhh, dmm = int(stamp.dhh), int(stamp.dmm)
    sign = "-" if dhh < 0 or dmm < 0 else "+"
    return (f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}"
            f"{sign}{abs(dhh):02d}:{abs(dmm):02d}")


def _text(value: object) -> str:
    """XML-escaped text, without the C0 controls XML 1.0 forbids."""
    text = "" if value is None else str(value)
    text = "".join(c for c in text if c in "\t\n\r" or c >= " ")
    return escape(text)


def xmp_packet(info: Mapping[str, str], *, created: str, modified: str,
               titles: PdfaTitles = PdfaTitles(), languages: tuple[str, ...] = ()) -> bytes:
    """The XMP packet (UTF-8) for the Info values ``info`` (title, author, subject, keywords,
    creator, producer) and the two dates (XMP format)."""
    alt = [f'<rdf:li xml:lang="x-default">{_text(info.get("title"))}</rdf:li>']
    for lang, value in (("zh-CN", titles.zh), ("en", titles.en)):
        if value:
            alt.append(f'<rdf:li xml:lang="{lang}">{_text(value)}</rdf:li>')
    langs = "".join(f"<rdf:li>{_text(lang)}</rdf:li>" for lang in languages)
    body = [
        '<rdf:Description rdf:about=""',
        '  xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"',
        '  xmlns:dc="http://purl.org/dc/elements/1.1/"',
        '  xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
        '  xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>B</pdfaid:conformance>",
        "<dc:format>application/pdf</dc:format>",
        f"<dc:title><rdf:Alt>{''.join(alt)}</rdf:Alt></dc:title>",
        f"<dc:creator><rdf:Seq><rdf:li>{_text(info.get('author'))}</rdf:li></rdf:Seq></dc:creator>",
        "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">"
        f"{_text(info.get('subject'))}</rdf:li></rdf:Alt></dc:description>",
        *([f"<dc:language><rdf:Bag>{langs}</rdf:Bag></dc:language>"] if langs else []),
        f"<pdf:Keywords>{_text(info.get('keywords'))}</pdf:Keywords>",
        f"<pdf:Producer>{_text(info.get('producer'))}</pdf:Producer>",
        f"<xmp:CreatorTool>{_text(info.get('creator'))}</xmp:CreatorTool>",
        f"<xmp:CreateDate>{created}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{modified}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{modified}</xmp:MetadataDate>",
        "</rdf:Description>",
    ]
    packet = "\n".join([
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        *body,
        "</rdf:RDF>",
        "</x:xmpmeta>",
        '<?xpacket end="w"?>',
    ])
    return packet.encode("utf-8")


class _RawStream(pdfdoc.PDFStream):
    """A stream written as it is: never compressed (the XMP must stay readable as text)."""

    def format(self, document: Any) -> bytes:
        dictionary = pdfdoc.PDFDictionary(self.dictionary.dict.copy())
        content = document.encrypt.encode(self.content)
        dictionary["Length"] = len(content)
        return (pdfdoc.format(dictionary, document) + b"\nstream\n" + content
                + b"\nendstream\n")


class _MetadataStream(_RawStream):
    """The catalog's XMP, made from the Info dictionary when the file is written."""

    def __init__(self, make: Callable[[Any], bytes]) -> None:
        super().__init__(pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Metadata"),
                                               "Subtype": pdfdoc.PDFName("XML")}), b"")
        self._make = make

    def format(self, document: Any) -> bytes:
        self.content = self._make(document)
        return super().format(document)


class _Info(pdfdoc.PDFInfo):
    """The Info dictionary without ``/Trapped`` (PDF/A would want it in the XMP too)."""

    def format(self, document: Any) -> bytes:
        date = pdfdoc.PDFDate(ts=document._timeStamp, dateFormatter=self._dateFormatter)
        entries = {"Title": self.title, "Author": self.author, "Subject": self.subject,
                   "Keywords": self.keywords, "Creator": self.creator, "Producer": self.producer}
        d: dict[str, Any] = {k: pdfdoc.PDFString(v) for k, v in entries.items()}
        d["CreationDate"] = d["ModDate"] = date
        return pdfdoc.PDFDictionary(d).format(document)


def _info_values(info: pdfdoc.PDFInfo) -> dict[str, str]:
    return {k: str(getattr(info, k) or "") for k in
            ("title", "author", "subject", "keywords", "creator", "producer")}


_MARK = "_coop_pdfa"
_patch_lock = threading.Lock()


def _install_endstream_eol() -> None:
    """Wrap ``PDFStream.format`` (once) to put an EOL before ``endstream`` in marked docs."""
    with _patch_lock:
        current = pdfdoc.PDFStream.format
        if getattr(current, _MARK, False):
            return

        def format(self: pdfdoc.PDFStream, document: Any) -> bytes:  # noqa: A001
            out = current(self, document)
            if getattr(document, _MARK, False) and out.endswith(b"endstream\n"):
                out = out[: -len(b"endstream\n")] + b"\nendstream\n"
            return out

        setattr(format, _MARK, True)
        pdfdoc.PDFStream.format = format  # type: ignore[method-assign]


def prepare(canvas: Any, titles: PdfaTitles, languages: tuple[str, ...]) -> None:
    """Make the document of ``canvas`` (a fresh reportlab Canvas) PDF/A-2b (see above)."""
    _install_endstream_eol()
    doc = canvas._doc
    setattr(doc, _MARK, True)
    old = doc.info
    info = _Info()
    info.__dict__.update(old.__dict__)
    doc.info = info

    def make_xmp(document: Any) -> bytes:
        stamp = document._timeStamp
        when = _xmp_date(stamp)
        return xmp_packet(_info_values(document.info), created=when, modified=when,
                          titles=titles, languages=languages)

    catalog = doc.Catalog
    catalog.Metadata = _MetadataStream(make_xmp)
    profile = _RawStream(pdfdoc.PDFDictionary({"N": 3, "Filter": pdfdoc.PDFName("FlateDecode")}),
                         _deflate(srgb_profile()))
    catalog.OutputIntents = pdfdoc.PDFArray([pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("OutputIntent"),
        "S": pdfdoc.PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": pdfdoc.PDFString(ICC_DESCRIPTION),
        "Info": pdfdoc.PDFString(ICC_DESCRIPTION),
        "RegistryName": pdfdoc.PDFString("http://www.color.org"),
        "DestOutputProfile": doc.Reference(profile),
    })])
    # PDFCatalog writes only the keys it lists; OutputIntents is not among them (an instance
    # attribute; the class's reference list is left alone, so the array stays direct).
    catalog.__NoDefault__ = [*type(catalog).__NoDefault__, "OutputIntents"]


def _deflate(data: bytes) -> bytes:
    import zlib

    return zlib.compress(data, 9)
