"""`cmi5.xml`, the cmi5 course structure: one assignable unit (AU) per module.

- moveOn="Passed": a module counts when its assessment reaches the pass mark, which is the
  course's own rule (docs/javascripts/progress.js). "Completed" alone would count a module
  failed in full; "CompletedAndPassed" would add nothing, since the AU sends completed right
  after passed (docs/javascripts/lms-cmi5.js), and would make the LMS wait for a statement the
  rule does not need.
- masteryScore = the module's pass mark / 100: the LMS passes it back in LMS.LaunchData and the AU
  judges passed/failed by it (cmi5 §10.2.4), so an LMS administrator who changes it changes the
  rule for that LMS.
- Each AU's url is the launch page with the module's id (lms/cmi5.html?module=…), relative to
  cmi5.xml, as cmi5 §13.1.4 allows; the LMS adds the launch parameters after it.
- Ids are `urn:uuid:` names derived from the course's title and the module ids (UUID version 5),
  so every build of the same course gives the same ids and an LMS recognises an updated package
  as the same course. Retitling the course gives new ids.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from xml.etree import ElementTree as ET

NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
LAUNCH = "lms/cmi5.html"
MOVE_ON = "Passed"


def course_id(title: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"exosome-cme-course:{title}").urn


def au_id(title: str, module_id: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"exosome-cme-course:{title}:module:{module_id}").urn


def mastery_score(pass_mark: float) -> str:
    """70 -> "0.7", 72.5 -> "0.725": the decimal the XSD asks for, without float noise."""
    return format((Decimal(str(pass_mark)) / 100).normalize(), "f")


def structure_xml(title: str, description: str, language: str,
                  modules: list[tuple[str, str, str, float]]) -> bytes:
    """`modules`: (id, title, description, pass mark) of each module, in course order."""
    ET.register_namespace("", NS)

    def el(parent: ET.Element, tag: str, attrs: dict[str, str] | None = None) -> ET.Element:
        return ET.SubElement(parent, f"{{{NS}}}{tag}", attrs or {})

    def text(parent: ET.Element, tag: str, value: str) -> None:
        el(el(parent, tag), "langstring", {"lang": language}).text = value

    root = ET.Element(f"{{{NS}}}courseStructure")
    course = el(root, "course", {"id": course_id(title)})
    text(course, "title", title)
    text(course, "description", description)
    for module_id, module_title, module_description, pass_mark in modules:
        au = el(root, "au", {"id": au_id(title, module_id), "moveOn": MOVE_ON,
                             "masteryScore": mastery_score(pass_mark),
                             "launchMethod": "AnyWindow"})
        text(au, "title", module_title)
        text(au, "description", module_description)
        el(au, "url").text = f"{LAUNCH}?module={module_id}"
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
