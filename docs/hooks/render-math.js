// Typeset the math that pymdownx.arithmatex left as \( ... \) and \[ ... \] in .arithmatex elements.
for (const element of document.querySelectorAll(".arithmatex")) {
  const tex = element.textContent.trim();
  const display = tex.startsWith("\\[");
  katex.render(tex.slice(2, -2), element, { displayMode: display, throwOnError: false });
}
