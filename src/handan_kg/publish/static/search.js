// handan-kg: the home page's search box. Reads search.json ([[name, class, path], ...]) once,
// on first use, and lists the entries whose name contains what was typed. No other script runs.
"use strict";
(function () {
  const box = document.getElementById("search");
  const hits = document.getElementById("hits");
  if (!box || !hits) return;
  const root = box.dataset.root || "";
  let entries = null;
  function show(query) {
    hits.textContent = "";
    const q = query.trim().toLowerCase();
    if (!q || !entries) return;
    const found = entries.filter((e) => e[0].toLowerCase().includes(q)).slice(0, 50);
    for (const [name, cls, path] of found) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = root + path;
      a.textContent = name;
      li.append(a, " (" + cls + ")");
      hits.append(li);
    }
    const status = document.getElementById("hits-status");
    if (status) status.textContent = found.length ? found.length + " shown" : "nothing found";
  }
  if (box.form) box.form.addEventListener("submit", (e) => e.preventDefault());
  box.addEventListener("input", () => {
    if (entries) return show(box.value);
    fetch(root + "search.json")
      .then((r) => r.json())
      .then((data) => { entries = data; show(box.value); });
  });
})();
