"""`imsmanifest.xml` for the SCORM 1.2 package: one organization, one item, one SCO.

Why one SCO for the whole course: the course is one record (modules, evaluation, certificate,
kept together and merged by docs/javascripts/progress.js), and SCORM 1.2 gives each SCO its own
suspend_data and status, with nothing shared between SCOs. One SCO per module would split the
record six ways and leave the evaluation and certificate in none. The modules are reported as
the SCO's objectives (cmi.objectives.n) instead. The launch page, lms/scorm.html, keeps the
one session open while the learner moves between the course's pages in its frame.

No `adlcp:masteryscore`: with one, an LMS may overwrite the SCO's lesson_status by comparing
cmi.core.score.raw (the mean of the modules) with it, while the course is passed only when every
module is passed and the evaluation is submitted.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

CP_NS = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP_NS = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
LAUNCH = "lms/scorm.html"


def manifest_xml(identifier: str, title: str, version: str, files: list[str]) -> bytes:
    """`files`: every file of the package (paths inside it), the launch page among them."""
    ET.register_namespace("", CP_NS)
    ET.register_namespace("adlcp", ADLCP_NS)

    def cp(tag: str) -> str:
        return f"{{{CP_NS}}}{tag}"

    root = ET.Element(cp("manifest"), {"identifier": identifier, "version": version})
    metadata = ET.SubElement(root, cp("metadata"))
    ET.SubElement(metadata, cp("schema")).text = "ADL SCORM"
    ET.SubElement(metadata, cp("schemaversion")).text = "1.2"
    organizations = ET.SubElement(root, cp("organizations"), {"default": "course"})
    organization = ET.SubElement(organizations, cp("organization"), {"identifier": "course"})
    ET.SubElement(organization, cp("title")).text = title
    item = ET.SubElement(organization, cp("item"), {
        "identifier": "course-item", "identifierref": "course-sco", "isvisible": "true"})
    ET.SubElement(item, cp("title")).text = title
    resources = ET.SubElement(root, cp("resources"))
    resource = ET.SubElement(resources, cp("resource"), {
        "identifier": "course-sco", "type": "webcontent", f"{{{ADLCP_NS}}}scormtype": "sco",
        "href": LAUNCH})
    for path in sorted(files):
        ET.SubElement(resource, cp("file"), {"href": path})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
