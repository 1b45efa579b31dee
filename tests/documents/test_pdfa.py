"""PDF/A-2b (``render_pdf(..., pdfa=True)``): structural checks, as far as free tools allow.

veraPDF (the reference validator) cannot be installed here: it is not on PyPI, npm or
Debian, and its installer and Maven build download from elsewhere. So the rules of
ISO 19005-2 level B that apply to what the renderer can produce are checked one by one
(veraPDF rule ids in brackets) by reading the file back with pypdf and the raw bytes:

* file structure: header ``%PDF-1.7`` + a comment of four bytes > 127 [6.1.2]; trailer
  ``/ID`` [6.1.3-1], no ``/Encrypt`` [6.1.3-2], nothing after ``%%EOF`` [6.1.3-3]; every
  stream's ``/Length`` matches its data, ``stream`` is followed by an EOL and ``endstream``
  preceded by one [6.1.7.1]; no LZW [6.1.7.2]; ``qpdf --check`` passes (when installed);
* metadata: the catalog's XMP stream (``/Type /Metadata /Subtype /XML``, unfiltered, no
  ``bytes``/``encoding`` in the packet header) parses as XML; ``pdfaid:part`` 2 and
  ``pdfaid:conformance`` B [6.6.4]; ``dc:title`` (``x-default`` = Info ``/Title``, plus
  ``zh-CN`` and ``en``), ``dc:creator`` = ``/Author``, ``dc:description`` = ``/Subject``,
  ``pdf:Keywords``, ``pdf:Producer``, ``xmp:CreatorTool`` = ``/Creator``, ``xmp:CreateDate``
  / ``xmp:ModifyDate`` = ``/CreationDate`` / ``/ModDate``; no ``/Trapped`` without XMP;
* colour: one ``/OutputIntents`` entry, ``/S /GTS_PDFA1``, ``/DestOutputProfile`` an ICC
  stream with ``/N 3`` whose header says class ``mntr``, space ``RGB``, version < 5 and the
  right size [6.2.3]; content streams use only DeviceRGB/DeviceGray operators (rg RG g G),
  no CMYK, no colour-space operators [6.2.4.3];
* fonts: every font dictionary has an embedded program (``FontFile2``) [6.2.11.4.1], no
  standard-14 font, Widths of the right length [6.2.11.2], consistent with the embedded
  ``hmtx`` to within one unit [6.2.11.5]; symbolic TrueType fonts have no ``/Encoding`` and
  exactly one ``cmap`` subtable [6.2.11.6]; no shown character code maps to glyph 0
  (``.notdef``) [6.2.11.8]; ``pdffonts`` says emb/sub/uni yes for all (when installed);
* forbidden features: no transparency (``/SMask``, ``/CA``/``/ca`` < 1, transparency
  groups, blend modes), no JavaScript or other actions, no annotations, no embedded files,
  no images [6.2.10, 6.5, 6.3, 6.8].

What this does not cover (veraPDF would): the XMP against every schema's value types,
glyph presence for every shown code beyond ``.notdef``, and the ICC profile's tag data.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import struct
import subprocess
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import pypdf
import pytest
from reportlab.pdfbase.pdfmetrics import getFont
from pypdf.generic import ContentStream

from coop_desktop.documents.pdf import LAYOUTS, PdfDocument, PdfSection, render_pdf
from coop_desktop.documents.pdf.pdfa import srgb_profile
from coop_desktop.documents.pdf.render import STYLE_NAMES, _Styles
from coop_desktop.documents.pdf.styles import get_style
from coop_desktop.documents.pdf.sample import sample_document

NS = {
    "x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/", "pdf": "http://ns.adobe.com/pdf/1.3/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _mixed_doc() -> PdfDocument:
    """The sample plus every fallback font (emoji, Ext-B, Hebrew, Arabic) and markup."""
    base = sample_document()
    extra = PdfSection("mixed", "混排 <b>&", "Mixed & <i>", "吉野家𠮷 🚀 שלום مرحبا A&B <Ltd>",
                       "𠮷 😀 “quoted” שלום and مرحبا")
    return dataclasses.replace(base, sections=(extra, *base.sections),
                               keywords=("A&B", "<x>", "合作区"))


@pytest.fixture(scope="module", params=STYLE_NAMES)
def files(request, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every layout in each print style; the official one as a draft (the watermark, drawn
    in light grey under the text, must not bring transparency or another colour space)."""
    tmp = tmp_path_factory.mktemp("pdfa")
    doc = _mixed_doc()
    if request.param == "official":
        doc = dataclasses.replace(doc, draft=True)
    out = {}
    for layout in LAYOUTS:
        out[layout] = tmp / f"{layout}.pdf"
        report = render_pdf(doc, out[layout], layout=layout, pdfa=True, style=request.param,
                            force_cover=True)
        assert report.pdfa and report.warnings == []
    out["style"] = request.param
    return out


def _xmp(reader: pypdf.PdfReader) -> tuple[dict, ET.Element]:
    stream = reader.trailer["/Root"]["/Metadata"].get_object()
    return dict(stream), ET.fromstring(stream.get_data())


def _pdf_date(value: str) -> str:
    """``D:20260315000000+00'00'`` → ``2026-03-15T00:00:00+00:00``."""
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)([+-])(\d\d)'(\d\d)'?", value)
    assert m, value
    y, mo, d, h, mi, s, sign, th, tm = m.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{sign}{th}:{tm}"


# --------------------------------------------------------------------------- structure


@pytest.mark.parametrize("layout", LAYOUTS)
def test_file_structure(files, layout):
    raw = files[layout].read_bytes()
    assert raw.startswith(b"%PDF-1.7\n%") and all(b > 127 for b in raw[10:14])
    assert raw.endswith(b"%%EOF\n")
    reader = pypdf.PdfReader(files[layout])
    ids = reader.trailer["/ID"]
    assert len(ids) == 2 and all(len(bytes(i.original_bytes)) == 16 for i in ids)
    assert "/Encrypt" not in reader.trailer
    assert b"LZWDecode" not in raw and b"/Encrypt" not in raw
    # Every stream: Length right, EOL after "stream" and before "endstream".
    streams = list(re.finditer(rb"/Length (\d+)\b(?:(?!endobj).)*?>>\s*stream(\r\n|\n)", raw,
                               re.S))
    assert len(streams) == raw.count(b"endstream") > 10
    for m in streams:
        end = m.end() + int(m.group(1))
        assert re.match(rb"(\r\n|\n|\r)endstream", raw[end:end + 12]), raw[end - 4:end + 12]


@pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf not installed "
                    "(scripts/system-deps.sh installs it)")
@pytest.mark.parametrize("layout", LAYOUTS)
def test_qpdf_check_passes(files, layout):
    out = subprocess.run(["qpdf", "--check", str(files[layout])], capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "No syntax or stream encoding errors found" in out.stdout


# --------------------------------------------------------------------------- metadata


@pytest.mark.parametrize("layout", LAYOUTS)
def test_xmp_identifies_pdfa_2b_and_matches_the_info_dictionary(files, layout):
    reader = pypdf.PdfReader(files[layout])
    raw = files[layout].read_bytes()
    head = re.search(rb"<\?xpacket begin=[^>]*\?>", raw)
    assert head and b"bytes=" not in head.group() and b"encoding=" not in head.group()
    meta, root = _xmp(reader)
    assert meta["/Type"] == "/Metadata" and meta["/Subtype"] == "/XML"
    assert "/Filter" not in meta
    desc = root.find("rdf:RDF/rdf:Description", NS)
    assert desc is not None

    def one(path: str) -> str:
        found = desc.findall(path, NS)
        assert len(found) == 1, path
        return found[0].text or ""

    assert one("pdfaid:part") == "2" and one("pdfaid:conformance") == "B"
    info = reader.trailer["/Info"]
    titles = {li.get(XML_LANG): li.text for li in desc.findall("dc:title/rdf:Alt/rdf:li", NS)}
    assert titles["x-default"] == info["/Title"]
    doc = _mixed_doc()
    if layout != "en":
        assert titles["zh-CN"] == doc.title_zh
    if layout != "zh":
        assert titles["en"] == doc.title_en
    assert [li.text for li in desc.findall("dc:creator/rdf:Seq/rdf:li", NS)] == [info["/Author"]]
    assert one("dc:description/rdf:Alt/rdf:li") == info["/Subject"]
    assert one("pdf:Keywords") == info["/Keywords"] == "A&B, <x>, 合作区"
    assert one("pdf:Producer") == info["/Producer"]
    assert one("xmp:CreatorTool") == info["/Creator"] == "Coop Desktop 0.1.0"
    assert one("xmp:CreateDate") == _pdf_date(info["/CreationDate"]) == "2026-03-15T00:00:00+00:00"
    assert one("xmp:ModifyDate") == _pdf_date(info["/ModDate"])
    assert "/Trapped" not in info


def test_output_intent_is_srgb_for_pdfa(files):
    reader = pypdf.PdfReader(files["parallel"])
    intents = reader.trailer["/Root"]["/OutputIntents"]
    assert len(intents) == 1
    intent = intents[0].get_object()
    assert intent["/Type"] == "/OutputIntent" and intent["/S"] == "/GTS_PDFA1"
    assert intent["/OutputConditionIdentifier"] == "sRGB IEC61966-2.1"
    profile = intent.raw_get("/DestOutputProfile")
    assert isinstance(profile, pypdf.generic.IndirectObject)
    stream = profile.get_object()
    assert stream["/N"] == 3
    icc = stream.get_data()
    assert icc == srgb_profile()
    size, = struct.unpack(">I", icc[:4])
    assert size == len(icc) and icc[36:40] == b"acsp"
    assert icc[12:16] == b"mntr" and icc[16:20] == b"RGB " and icc[8] < 5


@pytest.mark.parametrize("layout", LAYOUTS)
def test_pages_use_only_rgb_and_gray_colour(files, layout):
    reader = pypdf.PdfReader(files[layout])
    for page in reader.pages:
        ops = {op for _operands, op in ContentStream(page.get_contents(), reader).operations}
        assert ops & {b"rg", b"RG"}
        assert not ops & {b"k", b"K", b"cs", b"CS", b"sc", b"SC", b"scn", b"SCN", b"BI", b"Do",
                          b"sh", b"gs"}, ops


# --------------------------------------------------------------------------- fonts


def _tables(font: bytes) -> dict[str, bytes]:
    count, = struct.unpack(">H", font[4:6])
    out = {}
    for i in range(count):
        tag, _sum, offset, length = struct.unpack(">4sLLL", font[12 + 16 * i:28 + 16 * i])
        out[tag.decode("latin-1")] = font[offset:offset + length]
    return out


def _fonts(reader: pypdf.PdfReader) -> dict[str, pypdf.generic.DictionaryObject]:
    found = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            found[font["/BaseFont"]] = font
    return found


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_font_is_embedded_with_consistent_widths_and_one_cmap(files, layout):
    reader = pypdf.PdfReader(files[layout])
    fonts = _fonts(reader)
    names = {str(n).split("+", 1)[-1] for n in fonts}
    styles = _Styles(get_style(files["style"]), layout)
    for style in (styles.body["zh" if layout != "en" else "en"],
                  styles.title["zh" if layout != "en" else "en"]):
        face = getFont(style.fontName).face.name
        assert (face.decode() if isinstance(face, bytes) else face) in names, (face, names)
    assert not any("Helvetica" in n or "Times" in n or "Courier" in n for n in names)
    for name, font in fonts.items():
        assert font["/Subtype"] == "/TrueType", name
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, name  # embedded
        assert re.fullmatch(r"/[A-Z]{6}\+.+", name)  # subset tag
        symbolic = int(descriptor["/Flags"]) & 4
        program = descriptor["/FontFile2"].get_object().get_data()
        t = _tables(program)
        cmap_count, = struct.unpack(">H", t["cmap"][2:4])
        if symbolic:
            assert "/Encoding" not in font and cmap_count == 1, name
        first, last = int(font["/FirstChar"]), int(font["/LastChar"])
        widths = [float(w) for w in font["/Widths"]]
        assert len(widths) == last - first + 1
        units, = struct.unpack(">H", t["head"][18:20])
        metrics, = struct.unpack(">H", t["hhea"][34:36])
        _plat, _enc, offset = struct.unpack(">HHL", t["cmap"][4:12])
        fmt, _len, _lang, start, count = struct.unpack(">HHHHH", t["cmap"][offset:offset + 10])
        assert fmt == 6
        gids = struct.unpack(f">{count}H", t["cmap"][offset + 10:offset + 10 + 2 * count])
        for code, width in zip(range(first, last + 1), widths, strict=True):
            gid = gids[code - start]
            advance, = struct.unpack(">H", t["hmtx"][4 * min(gid, metrics - 1):][:2])
            assert abs(advance * 1000 / units - width) <= 1, (name, code)


@pytest.mark.parametrize("layout", ["parallel", "zh"])
def test_no_shown_code_maps_to_notdef(files, layout):
    reader = pypdf.PdfReader(files[layout])
    shown = 0
    for page in reader.pages:
        resources = page["/Resources"]["/Font"]
        notdef: dict[str, set[int]] = {}
        for key, font in resources.items():
            font = font.get_object()
            t = _tables(font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data())
            _p, _e, offset = struct.unpack(">HHL", t["cmap"][4:12])
            _f, _l, _g, start, count = struct.unpack(">HHHHH", t["cmap"][offset:offset + 10])
            gids = struct.unpack(f">{count}H", t["cmap"][offset + 10:offset + 10 + 2 * count])
            notdef[key] = {start + i for i, g in enumerate(gids) if g == 0}
        current = None
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"Tf":
                current = operands[0]
            elif op in (b"Tj", b"'", b'"', b"TJ"):
                items = operands[-1] if op != b"TJ" else [o for o in operands[0]
                                                          if not isinstance(o, (int, float))]
                for item in items if op == b"TJ" else [items]:
                    codes = bytes(item.original_bytes if hasattr(item, "original_bytes")
                                  else item)
                    shown += len(codes)
                    assert not set(codes) & notdef[current], (current, codes)
    assert shown > 100


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
@pytest.mark.parametrize("layout", LAYOUTS)
def test_pdffonts_sees_every_font_embedded(files, layout):
    out = subprocess.run(["pdffonts", str(files[layout])], capture_output=True, text=True,
                         check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows and all(row[-5:-2] == ["yes", "yes", "yes"] for row in rows), out


# --------------------------------------------------------------------------- forbidden


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_transparency_javascript_actions_annotations_or_attachments(files, layout):
    raw = files[layout].read_bytes()
    reader = pypdf.PdfReader(files[layout])
    root = reader.trailer["/Root"]
    for key in ("/AA", "/OpenAction", "/AcroForm", "/Names", "/JavaScript", "/NeedsRendering"):
        assert key not in root, key
    for page in reader.pages:
        assert "/Annots" not in page and "/AA" not in page and "/Group" not in page
        assert set(page["/Resources"]) <= {"/Font", "/ProcSet"}
    for token in (b"/SMask", b"/JavaScript", b"/JS ", b"/Launch", b"/EmbeddedFile",
                  b"/Transparency", b"/BM ", b"/CA ", b"/ca ", b"/XObject", b"/PresSteps",
                  b"/AlternatePresentations"):
        assert token not in raw, token
    outline = reader.trailer["/Root"]["/Outlines"]
    assert outline  # bookmarks are plain destinations, not actions
    assert b"/S /JavaScript" not in raw and b"/URI" not in raw


# --------------------------------------------------------------------------- behaviour


def test_pdfa_is_deterministic_and_leaves_ordinary_renders_unchanged():
    doc = sample_document()
    plain_before, plain_after, a1, a2 = (io.BytesIO() for _ in range(4))
    render_pdf(doc, plain_before, layout="stacked")
    render_pdf(doc, a1, layout="stacked", pdfa=True)
    render_pdf(doc, a2, layout="stacked", pdfa=True)
    render_pdf(doc, plain_after, layout="stacked")
    assert a1.getvalue() == a2.getvalue()
    assert plain_before.getvalue() == plain_after.getvalue()
    assert b"pdfaid" not in plain_after.getvalue() and b"/OutputIntents" not in \
        plain_after.getvalue()
    assert len(pypdf.PdfReader(a1).pages) == len(pypdf.PdfReader(plain_after).pages)


def test_user_text_in_metadata_is_escaped_xml():
    doc = dataclasses.replace(sample_document(), title_en='A&B <Ltd> "x" \x07bell',
                              organisation_zh="甲&乙 <局>", keywords=("</x:xmpmeta>",),
                              generated_on=date(2026, 1, 2))
    out = io.BytesIO()
    render_pdf(doc, out, layout="parallel", pdfa=True)
    reader = pypdf.PdfReader(out)
    _meta, root = _xmp(reader)
    desc = root.find("rdf:RDF/rdf:Description", NS)
    titles = {li.get(XML_LANG): li.text for li in desc.findall("dc:title/rdf:Alt/rdf:li", NS)}
    assert titles["en"] == 'A&B <Ltd> "x" bell'
    assert desc.find("pdf:Keywords", NS).text == "</x:xmpmeta>"
    assert desc.find("xmp:CreateDate", NS).text == "2026-01-02T00:00:00+00:00"
