"""The course as LMS packages (`make package`): a SCORM 1.2 zip and a cmi5 zip in dist/lms/.

Both hold the whole course, built once for the purpose, plus a launch page in lms/ that holds
the session with the LMS and shows the course in a frame (hooks/templates/lms/launch.html; the
scripts are docs/javascripts/lms-*.js). What differs from the site the course publishes:

- Pages are `name.html` files, not folders (use_directory_urls off): an LMS serves a package's
  files as they are, and many do not turn `modules/x/` into `modules/x/index.html`.
- No offline copy: inside an LMS the LMS is the record, so the service worker (hooks/offline_hook.py
  and docs/javascripts/offline.js, which registers it) is left out of the build, and nothing
  could register it from the LMS's address anyway. Source maps and the
  compressed sitemap are left out too (Material reads sitemap.xml, which lists no address
  here, so its instant navigation stays off and every page loads in full in the frame).
- Everything a page loads is inside the package: the build fails if a page links a script,
  stylesheet, image or frame elsewhere. The cmi5 client (@xapi/cmi5, pinned in package.json) is
  copied in from node_modules with its licence.

The SCORM package is refused, naming the numbers, when the shortest record of all the course's
answers cannot fit in SCORM 1.2's 4,096 characters of suspend_data (scorm_state.py); it is
checked before anything is built.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import cmi5_structure
import scorm_manifest
import scorm_state
from course_model import CourseError, load_course
from lms_export import slug
from templates import render

KINDS = ("scorm12", "cmi5")
ENTRIES = {"scorm12": "lms-scorm.js", "cmi5": "lms-cmi5.js"}
LAUNCH_PAGES = {"scorm12": scorm_manifest.LAUNCH, "cmi5": cmi5_structure.LAUNCH}
CMI5_CLIENT = Path("node_modules/@xapi/cmi5")
OFFLINE_HOOK = "offline_hook.py"
OFFLINE_SCRIPT = "javascripts/offline.js"
LEFT_OUT = re.compile(r"(^sitemap\.xml\.gz$|\.map$|^sw\.js$|^javascripts/offline\.js$)")
RELATIVE_IMPORT = re.compile(r"""\bfrom\s*["'](\./[^"']+\.js)["']""")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the same bytes from the same course: reproducible zips


class PackageError(Exception):
    """The packages cannot be built; the message says why and what to do."""


@dataclass(frozen=True)
class Built:
    kind: str
    path: Path
    files: int
    size: int


@dataclass(frozen=True)
class SiteInfo:
    title: str
    description: str
    language: str
    version: str  # extra.course.version
    favicon: str  # the theme's, inside the site


def build_site(root: Path, dest: Path) -> SiteInfo:
    """Build the course into `dest` as the packages need it (see the module's docstring)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    from mkdocs.utils.yaml import yaml_load

    config_file = root / "mkdocs.yml"
    with config_file.open(encoding="utf-8") as f:
        raw = yaml_load(f)

    def script_path(entry: object) -> str:
        return str(entry.get("path", "")) if isinstance(entry, dict) else str(entry)

    overrides = {
        "site_dir": str(dest),
        "use_directory_urls": False,
        "site_url": "",  # its address is the LMS's, unknown here
        "strict": True,
        "hooks": [h for h in raw.get("hooks", []) if not str(h).endswith(OFFLINE_HOOK)],
        "extra_javascript": [e for e in raw.get("extra_javascript", [])
                             if script_path(e) != OFFLINE_SCRIPT],
    }
    try:
        config = load_config(str(config_file), **overrides)
        build(config)
    except MkDocsException as err:
        raise PackageError(f"the course did not build: {err}") from None
    course = config.extra.get("course") if isinstance(config.extra.get("course"), dict) else {}
    return SiteInfo(config.site_name, config.site_description or config.site_name,
                    str(config.theme.get("language") or "en"), str(course.get("version", "1")),
                    str(config.theme.get("favicon") or "assets/images/favicon.png"))


def module_closure(entry: Path) -> list[Path]:
    """`entry` and every module it imports (relative imports), for a launch page that loads
    the modules as they are, without the site's script joiner."""
    seen: list[Path] = []
    pending = [entry]
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.append(path)
        text = path.read_text(encoding="utf-8")
        pending += [(path.parent / spec).resolve() for spec in RELATIVE_IMPORT.findall(text)]
    return seen


class AssetLinks(HTMLParser):
    """Addresses of what a page loads (not what it links to for the reader)."""

    LOADED = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
              "video": "src", "embed": "src", "object": "data"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in self.LOADED and values.get(self.LOADED[tag]):
            self.urls.append(values[self.LOADED[tag]] or "")
        rel = (values.get("rel") or "").lower().split()
        if tag == "link" and values.get("href") and set(rel) & {
                "stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}:
            self.urls.append(values["href"] or "")


def outside_assets(site: Path) -> list[str]:
    found = []
    for page in sorted(site.rglob("*.html")):
        parser = AssetLinks()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(site).as_posix()}: {url}" for url in parser.urls
                  if re.match(r"^([a-z][a-z0-9+.-]*:|//)", url, re.I)
                  and not url.startswith("data:")]
    return found


def launch_files(kind: str, root: Path, site: Path, info: SiteInfo) -> dict[str, bytes]:
    """The launch page and what it loads, as {path in the package: content}."""
    manifests = sorted(site.glob("assets/course-manifest.*.js"))
    if len(manifests) != 1:
        raise PackageError(f"expected one course manifest in the built site, found "
                           f"{len(manifests)}: rebuild from a clean checkout.")
    scripts = root / "docs" / "javascripts"
    files = {f"lms/javascripts/{p.name}": p.read_bytes()
             for p in module_closure((scripts / ENTRIES[kind]).resolve())}
    vendor: list[str] = []
    if kind == "cmi5":
        client = root / CMI5_CLIENT
        bundle = client / "dist" / "Cmi5.umd.js"
        if not bundle.is_file():
            raise PackageError(f"the cmi5 client is missing ({bundle.relative_to(root)}). Fix: "
                               "run `npm ci` in the course folder (`make package` does).")
        files["lms/vendor/cmi5.umd.js"] = bundle.read_bytes()
        files["lms/vendor/cmi5.LICENSE.md"] = (client / "LICENSE.md").read_bytes()
        vendor.append("vendor/cmi5.umd.js")
    page = render("lms/launch.html", language=info.language, title=info.title,
                  favicon=info.favicon,
                  manifest=manifests[0].relative_to(site).as_posix(), vendor_scripts=vendor,
                  entry=ENTRIES[kind], start_page="index.html",
                  suspend_data_limit=scorm_state.SUSPEND_DATA_LIMIT,
                  exit_label="Exit this module")
    files[LAUNCH_PAGES[kind]] = page.encode("utf-8")
    return files


def site_files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*"))
            if p.is_file() and not LEFT_OUT.search(p.relative_to(site).as_posix())}


def write_zip(out: Path, site: dict[str, Path], extra: dict[str, bytes]) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    names = sorted({*site, *extra})
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, extra[name] if name in extra else site[name].read_bytes())
    return len(names)


def build_packages(root: Path, out: Path, kinds: tuple[str, ...] = KINDS) -> list[Built]:
    """Check, build the course once, and write one zip per kind into `out`."""
    course = load_course(root)  # CourseError: the course's own problems, as `make check`
    if "scorm12" in kinds and (problems := scorm_state.problems(course)):
        raise CourseError(problems)
    built = []
    with tempfile.TemporaryDirectory(prefix="course-lms-") as tmp:
        site = Path(tmp) / "site"
        info = build_site(root, site)
        if outside := outside_assets(site):
            raise PackageError("pages load files from elsewhere, which an LMS package must "
                               "hold itself:\n" + "\n".join(f"  - {o}" for o in outside))
        files = site_files(site)
        name = slug(info.title)
        for kind in kinds:
            extra = launch_files(kind, root, site, info)
            listed = sorted({*files, *extra})
            if kind == "scorm12":
                extra["imsmanifest.xml"] = scorm_manifest.manifest_xml(
                    name, info.title, info.version, listed)
            else:
                extra["cmi5.xml"] = cmi5_structure.structure_xml(
                    info.title, info.description, info.language,
                    [(m.id, f"{m.number}. {m.title}", " ".join(m.objectives) or m.title,
                      m.bank.pass_mark) for m in course.modules])
            path = out / f"{name}-{kind}.zip"
            count = write_zip(path, files, extra)
            built.append(Built(kind, path, count, path.stat().st_size))
    return built
