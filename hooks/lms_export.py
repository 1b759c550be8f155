"""Export the validated course for a learning-management system (LMS).

- `qti_package`: an IMS QTI 2.1 content package (Canvas, and any QTI 2.1 importer):
  `imsmanifest.xml`, one `items/<question id>.xml` assessmentItem per question, and one
  `assessment-<module id>.xml` assessmentTest per module.
- `gift`: Moodle GIFT text, one `$CATEGORY` per module.
- `markdown_html`: the educators' Markdown as sanitised XHTML, also used by the answer key.

mkdocs-quiz ships a QTI 2.1 writer (mkdocs_quiz.qti.qti21). It is not used here: it builds XML
with f-strings and escapes attributes without quotes, so any stem with a `"` gives a file that
is not XML; it declares a FEEDBACK outcome that nothing sets, so the explanation never shows;
it drops per-choice feedback; it passes Markdown through unconverted (HTML as CDATA); and it
infers single/multiple from the number of correct answers, so a `multiple` question with one
right answer becomes a radio-button item. Its package layout, namespaces and resource types
are followed; the XML is built with ElementTree, which escapes everything.
"""

from __future__ import annotations

import io
import re
import string
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import markdown
import nh3

from course_model import (
    CITATION,
    EVIDENCE,
    EVIDENCE_LEVELS,
    Course,
    Module,
    Problem,
    Question,
    Reference,
    citation_keys,
    parse_evidence,
)

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
ITEM_TYPE = "imsqti_item_xmlv2p1"
TEST_TYPE = "imsqti_test_xmlv2p1"
RATIONALE = "RATIONALE"  # the modalFeedback identifier of the explanation

# --------------------------------------------------------------------------- Markdown -> XHTML

# The XHTML that QTI 2.1 allows in item bodies and feedback, and that reads well anywhere.
ALLOWED = {
    "p", "br", "em", "strong", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "sub", "sup", "a", "table", "thead", "tbody", "tr", "th", "td", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "abbr", "span", "div",
}
VOID = {"br", "hr"}
KEEP_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"colspan", "rowspan"},
                   "td": {"colspan", "rowspan"}, "ol": {"start"}}


def plain_markers(text: str, references: dict[str, Reference]) -> str:
    """`[@kwon2020]` -> `(Kwon et al. 2020)` and `[evidence: animal]` -> `(evidence: Animal)`:
    the site renders these markers on module pages only, and an LMS knows neither."""

    def cite(m: re.Match[str]) -> str:
        keys = citation_keys(m.group(1))
        return "(" + "; ".join(references[k].label if k in references else k for k in keys) + ")"

    def evidence(m: re.Match[str]) -> str:
        parsed = parse_evidence(m.group(1))
        if parsed is None:
            return m.group(0)
        level, n = parsed
        return f"(evidence: {EVIDENCE_LEVELS[level]}{f', n={n}' if n else ''})"

    return EVIDENCE.sub(evidence, CITATION.sub(cite, text))


def sanitise(html: str) -> str:
    """Only ALLOWED elements and attributes, links to web or mail addresses: nh3 (Rust's
    ammonia) decides, so scripts, handlers and unknown tags go, and their text stays."""
    return nh3.clean(html, tags=set(ALLOWED), attributes=KEEP_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel=None,
                     strip_comments=True)


class _TreeBuilder(HTMLParser):
    """Sanitised HTML as an ElementTree, for the XHTML that QTI wants."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = ET.Element("div")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = ET.SubElement(self.stack[-1], tag, {k: v for k, v in attrs if v is not None})
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data


_MARKDOWN = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def markdown_xhtml(text: str, references: dict[str, Reference], inline: bool = False
                   ) -> ET.Element:
    """Markdown as a `div` of sanitised XHTML (no namespace). `inline` unwraps a lone
    paragraph, for one-line choices."""
    html = _MARKDOWN.reset().convert(plain_markers(text, references))
    parser = _TreeBuilder()
    parser.feed(sanitise(html))
    parser.close()
    root = parser.root
    if inline and len(root) == 1 and root[0].tag == "p" and not (root.text or "").strip():
        para = root[0]
        root.remove(para)
        root.text, root[:] = para.text, list(para)
    return root


def markdown_html(text: str, references: dict[str, Reference], inline: bool = False) -> str:
    """Markdown as a sanitised HTML string, without the wrapping `div`."""
    root = markdown_xhtml(text, references, inline)
    inner = ET.tostring(root, encoding="unicode", method="html")
    return inner[len("<div>"): -len("</div>")].strip()


# --------------------------------------------------------------------------- QTI 2.1


def _append_xhtml(element: ET.Element, parent: ET.Element) -> None:
    """Copy the content of sanitised XHTML (`element`'s text and children) into `parent`.
    The QTI documents declare QTI's namespace as the default, so the XHTML lands in it, as
    QTI 2.1 expects."""
    if element.text:
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + element.text
        else:
            parent.text = (parent.text or "") + element.text
    for child in element:
        copy = ET.SubElement(parent, child.tag, dict(child.attrib))
        _append_xhtml(child, copy)
        copy.tail = child.tail


def qti_identifier(value: str) -> str:
    """QTI identifiers are XML names, which may not start with a digit; bank ids may."""
    return value if value[:1].isalpha() else f"q-{value}"


def choice_identifier(index: int) -> str:
    """A, B, C … as in the answer key, so educators can match the two."""
    return string.ascii_uppercase[index] if index < 26 else f"C{index + 1}"


def _value(parent: ET.Element, tag: str, text: str, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    element.text = text
    return element


def _outcome(parent: ET.Element, identifier: str, cardinality: str, base_type: str,
             default: str | None = None) -> None:
    outcome = ET.SubElement(parent, "outcomeDeclaration", identifier=identifier,
                            cardinality=cardinality, baseType=base_type)
    if default is not None:
        _value(ET.SubElement(outcome, "defaultValue"), "value", default)


def qti_item(question: Question, references: dict[str, Reference],
             module: Module | None = None) -> ET.Element:
    """One assessmentItem: a choiceInteraction scored 1 when the response matches the
    correct one exactly, with per-choice and rationale modalFeedback."""
    multiple = question.type == "multiple"
    cardinality = "multiple" if multiple else "single"
    item = ET.Element("assessmentItem", {
        "identifier": qti_identifier(question.id), "title": question.id,
        "adaptive": "false", "timeDependent": "false",
        f"{{{XSI_NS}}}schemaLocation": f"{QTI_NS} {QTI_XSD}",
    })
    response = ET.SubElement(item, "responseDeclaration", identifier="RESPONSE",
                             cardinality=cardinality, baseType="identifier")
    correct = ET.SubElement(response, "correctResponse")
    for i, choice in enumerate(question.choices):
        if choice.correct:
            _value(correct, "value", choice_identifier(i))
    _outcome(item, "SCORE", "single", "float", "0")
    _outcome(item, "MAXSCORE", "single", "float", "1")
    # FEEDBACK holds the chosen choices plus RATIONALE, so every modalFeedback whose
    # identifier is in it shows: feedback on each choice picked, and always the explanation.
    _outcome(item, "FEEDBACK", "multiple", "identifier")

    body = ET.SubElement(item, "itemBody")
    stem = ET.SubElement(body, "div", {"class": "question"})
    _append_xhtml(markdown_xhtml(question.question, references), stem)
    interaction = ET.SubElement(body, "choiceInteraction", responseIdentifier="RESPONSE",
                                shuffle="true", maxChoices="0" if multiple else "1")
    if multiple:
        _value(interaction, "prompt", "Choose all that apply.")
    for i, choice in enumerate(question.choices):
        simple = ET.SubElement(interaction, "simpleChoice", identifier=choice_identifier(i))
        _append_xhtml(markdown_xhtml(choice.text, references, inline=True), simple)

    processing = ET.SubElement(item, "responseProcessing")
    condition = ET.SubElement(processing, "responseCondition")
    if_ = ET.SubElement(condition, "responseIf")
    match = ET.SubElement(if_, "match")
    ET.SubElement(match, "variable", identifier="RESPONSE")
    ET.SubElement(match, "correct", identifier="RESPONSE")
    score = ET.SubElement(if_, "setOutcomeValue", identifier="SCORE")
    ET.SubElement(score, "variable", identifier="MAXSCORE")
    else_ = ET.SubElement(condition, "responseElse")
    zero = ET.SubElement(else_, "setOutcomeValue", identifier="SCORE")
    _value(zero, "baseValue", "0", baseType="float")
    feedback = ET.SubElement(processing, "setOutcomeValue", identifier="FEEDBACK")
    chosen = ET.SubElement(feedback, "multiple")
    ET.SubElement(chosen, "variable", identifier="RESPONSE")
    _value(chosen, "baseValue", RATIONALE, baseType="identifier")

    for i, choice in enumerate(question.choices):
        if choice.feedback:
            modal = ET.SubElement(item, "modalFeedback", outcomeIdentifier="FEEDBACK",
                                  identifier=choice_identifier(i), showHide="show",
                                  title=f"Choice {choice_identifier(i)}")
            _append_xhtml(markdown_xhtml(choice.feedback, references), modal)
    rationale = ET.SubElement(item, "modalFeedback", outcomeIdentifier="FEEDBACK",
                              identifier=RATIONALE, showHide="show", title="Explanation")
    _append_xhtml(markdown_xhtml(question.explanation, references), rationale)
    _append_xhtml(_sources(question, references, module), rationale)
    return item


def _sources(question: Question, references: dict[str, Reference],
             module: Module | None) -> ET.Element:
    """`Review: <section>` and the references with their addresses, for the rationale."""
    root = ET.Element("div")
    if question.section:
        para = ET.SubElement(root, "p")
        label = ET.SubElement(para, "strong")
        label.text = "Review: "
        label.tail = question.section + (f" ({module.title})" if module else "")
    keys = [k for k in question.references if k in references]
    if keys:
        para = ET.SubElement(root, "p")
        label = ET.SubElement(para, "strong")
        label.text = "References:"
        for n, key in enumerate(keys):
            ref = references[key]
            link = ET.SubElement(para, "a", href=ref.url)
            link.text = ref.label
            link.tail = "; " if n < len(keys) - 1 else ""
            if n == 0:
                label.tail = " "
    return root


def qti_test(module: Module) -> ET.Element:
    """One assessmentTest per module: its items in bank order, SCORE summed, PASS at the
    bank's pass mark."""
    count = len(module.bank.questions)
    test = ET.Element("assessmentTest", {
        "identifier": qti_identifier(module.id), "title": module.title,
        f"{{{XSI_NS}}}schemaLocation": f"{QTI_NS} {QTI_XSD}",
    })
    _outcome(test, "SCORE", "single", "float", "0")
    _outcome(test, "PASS", "single", "boolean", "false")
    part = ET.SubElement(test, "testPart", identifier="part-1",
                         navigationMode="nonlinear", submissionMode="individual")
    section = ET.SubElement(part, "assessmentSection", identifier="section-1",
                            title=module.title, visible="true")
    for q in module.bank.questions:
        ET.SubElement(section, "assessmentItemRef", identifier=qti_identifier(q.id),
                      href=f"items/{q.id}.xml")
    processing = ET.SubElement(test, "outcomeProcessing")
    total = ET.SubElement(processing, "setOutcomeValue", identifier="SCORE")
    ET.SubElement(ET.SubElement(total, "sum"), "testVariables",
                  variableIdentifier="SCORE")
    passed = ET.SubElement(processing, "setOutcomeValue", identifier="PASS")
    gte = ET.SubElement(passed, "gte")
    ET.SubElement(gte, "variable", identifier="SCORE")
    _value(gte, "baseValue", f"{count * module.bank.pass_mark / 100:g}", baseType="float")
    return test


def qti_manifest(course: Course, title: str) -> ET.Element:
    """imsmanifest.xml: one test resource per module (depending on its items), then one
    resource per item."""
    manifest = ET.Element("manifest", {
        "identifier": "manifest-" + slug(title),
        f"{{{XSI_NS}}}schemaLocation": f"{CP_NS} {CP_XSD}",
    })
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "QTIv2.1 Package"
    ET.SubElement(metadata, "schemaversion").text = "1.0.0"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    for module in course.modules:
        href = f"assessment-{module.id}.xml"
        res = ET.SubElement(resources, "resource", identifier=f"test-{module.id}",
                            type=TEST_TYPE, href=href)
        ET.SubElement(res, "file", href=href)
        for q in module.bank.questions:
            ET.SubElement(res, "dependency", identifierref=f"item-{q.id}")
    for module in course.modules:
        for q in module.bank.questions:
            href = f"items/{q.id}.xml"
            res = ET.SubElement(resources, "resource", identifier=f"item-{q.id}",
                                type=ITEM_TYPE, href=href)
            ET.SubElement(res, "file", href=href)
    return manifest


# Elements whose content is text for people: indenting inside them would add spaces that
# a browser shows (`<em>a</em><b>b</b>` must not become `a b`).
TEXT_ELEMENTS = ALLOWED | {"simpleChoice", "modalFeedback", "prompt", "value", "baseValue",
                           "schema", "schemaversion"}


def _indent(element: ET.Element, level: int = 0) -> None:
    """ET.indent, but leaving the content of TEXT_ELEMENTS as written."""
    if element.tag in TEXT_ELEMENTS or not len(element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        _indent(child, level + 1)
        child.tail = inner
    element[-1].tail = "\n" + "  " * level


def _xml(element: ET.Element, namespace: str) -> str:
    """Serialise with `namespace` as the default. Elements are built with plain names and
    the namespace declared by hand: ElementTree's `default_namespace` rejects the plain
    attribute names that QTI uses everywhere."""
    element.attrib = {"xmlns": namespace, **element.attrib}
    _indent(element)
    body = ET.tostring(element, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def qti_files(course: Course, title: str) -> Iterator[tuple[str, str]]:
    """Every file of the package, as (path in the zip, XML text); the manifest first."""
    yield "imsmanifest.xml", _xml(qti_manifest(course, title), CP_NS)
    for module in course.modules:
        yield f"assessment-{module.id}.xml", _xml(qti_test(module), QTI_NS)
    for module in course.modules:
        for q in module.bank.questions:
            yield f"items/{q.id}.xml", _xml(qti_item(q, course.references, module), QTI_NS)


def qti_package(course: Course, title: str) -> bytes:
    """The QTI 2.1 content package as zip bytes. Fixed timestamps keep it reproducible."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in qti_files(course, title):
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


# --------------------------------------------------------------------------- Moodle GIFT

GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")


def gift_escape(text: str) -> str:
    """Backslash GIFT's control characters and keep the text on one line: a blank line
    would end the question, and `\\n` is GIFT's own newline."""
    return GIFT_SPECIAL.sub(r"\\\1", text.strip()).replace("\r\n", "\n").replace("\n", r"\n")


def gift_weight(fraction: float) -> str:
    """A percentage as Moodle expects it: at most 5 decimals (33.33333), no trailing zeros."""
    return f"{fraction * 100:.5f}".rstrip("0").rstrip(".")


# The only shares of a grade Moodle's GIFT import accepts (question_bank's fraction options):
# a `multiple` question's right choices share +100% and its wrong ones -100%, so each group
# must have one of these sizes.
MOODLE_SHARES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20)


def gift_problems(course: Course) -> list[Problem]:
    """Questions Moodle would refuse: a group of right or wrong choices of a size whose share
    of the grade is not one Moodle offers (11 wrong choices: -9.09091% each)."""
    problems = []
    for module in course.modules:
        for q in module.bank.questions:
            if q.type != "multiple":
                continue
            right = sum(c.correct for c in q.choices)
            for count, what in ((right, "right"), (len(q.choices) - right, "wrong")):
                if count and count not in MOODLE_SHARES:
                    problems.append(Problem(
                        module.bank.file, q.line, f"id {q.id}: choices",
                        f"{count} {what} choices would each carry {gift_weight(1 / count)}% "
                        "of the grade in Moodle's GIFT format, a share Moodle's import "
                        "refuses.", "use 1 to 10 (or 20) " + what + " choices, or split the "
                        "question in two."))
    return problems


def gift_question(question: Question, references: dict[str, Reference]) -> str:
    """One GIFT question. `single`: `=` right, `~` wrong. `multiple`: right choices share
    +100%, wrong ones share -100%, so ticking every box scores 0, not full marks."""
    def text(value: str) -> str:
        return gift_escape(plain_markers(value, references))

    right = sum(c.correct for c in question.choices)
    wrong = len(question.choices) - right
    lines = [f"::{question.id}::[markdown]{text(question.question)} {{"]
    for choice in question.choices:
        if question.type == "single":
            # `~%50% of…` would be read as a 50% answer: an explicit 0% weight goes first.
            mark = "=" if choice.correct else "~%0%" if choice.text.startswith("%") else "~"
        else:
            share = 1 / right if choice.correct else -1 / wrong
            mark = f"~%{gift_weight(share)}%"
        feedback = f"#{text(choice.feedback)}" if choice.feedback else ""
        lines.append(f"\t{mark}{text(choice.text)}{feedback}")
    explanation = text(question.explanation)
    labels = [references[k].label for k in question.references if k in references]
    if question.section:
        explanation += r"\n\n" + gift_escape(f"Review: {question.section}")
    if labels:
        explanation += r"\n\n" + gift_escape("References: " + "; ".join(labels))
    lines.append(f"\t####{explanation}")
    lines.append("}")
    return "\n".join(lines)


def gift(course: Course, title: str) -> str:
    """The whole course as GIFT: a comment header, then per module a `$CATEGORY` line and
    its questions, separated by blank lines as GIFT requires."""
    blocks = [f"// {title}: question banks exported by `course export` for Moodle.\n"
              "// Import: Question bank > Import > GIFT format. Do not edit by hand; edit\n"
              "// quizzes/*.yml and export again."]
    for module in course.modules:
        # Moodle reads `/` in a category as a subcategory; `//` is a literal slash.
        blocks.append(f"$CATEGORY: {module.title.replace('/', '//')}")
        blocks += [gift_question(q, course.references) for q in module.bank.questions]
    return "\n\n".join(blocks) + "\n"


# --------------------------------------------------------------------------- names


def slug(text: str) -> str:
    """`Exosome Therapy in Dermatology: An …` -> `exosome-therapy-in-dermatology`."""
    head = text.split(":")[0]
    return re.sub(r"[^a-z0-9]+", "-", head.lower()).strip("-")[:60].strip("-") or "course"


def course_title(root: Path) -> str:
    """The site's name from mkdocs.yml, read with a pattern because its YAML has tags
    (`!ENV`) that a safe loader refuses; the folder name when there is none."""
    config = root / "mkdocs.yml"
    if config.exists():
        m = re.search(r"^site_name:[ \t]*(.+?)[ \t]*$", config.read_text(encoding="utf-8"),
                      re.M)
        if m:
            return m.group(1).strip("\"'") or root.resolve().name
    return root.resolve().name
