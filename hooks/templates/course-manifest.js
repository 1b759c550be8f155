// The course manifest, written by hooks/course_hooks.py at every build: do not edit the copy
// in site/. Modules, pass marks, question ids and versions, for progress tracking in the
// browser (docs/javascripts/site.js reads it). Every page loads it with `defer`, so it is
// here before the course's scripts run and before mkdocs-quiz restores its answers.
globalThis.courseManifest = {{ manifest_json }};
