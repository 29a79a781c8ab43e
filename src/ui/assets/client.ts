// The console's only script, served from the package: live run pages over server-sent events, and run selection.
export const consoleJs = `
(() => {
  // Runs page: filters apply when chosen; Compare is enabled once two runs are ticked.
  const compare = document.querySelector("#compare");
  if (compare) {
    const update = () => { compare.disabled = document.querySelectorAll("input[name=run]:checked").length < 2; };
    document.addEventListener("change", update);
    update();
  }
  for (const select of document.querySelectorAll(".filters select")) select.addEventListener("change", () => select.form.submit());

  // Run page: the live part is re-rendered by the server whenever the store changes.
  const live = document.querySelector("[data-live]");
  if (!live) return;
  const collapsed = new Set((new URL(location.href).searchParams.get("collapse") || "").split(",").filter(Boolean));
  const query = () => (collapsed.size ? "?collapse=" + encodeURIComponent([...collapsed].join(",")) : "");
  async function refresh() {
    const response = await fetch(live.dataset.live + query());
    if (response.ok) live.innerHTML = await response.text();
  }
  // Clicking a cluster's title collapses it; clicking a collapsed group opens it.
  live.addEventListener("click", (event) => {
    const target = event.target;
    const cluster = target.closest && target.closest(".cluster .toggle") && target.closest(".cluster");
    const group = target.closest && target.closest(".node.group");
    const path = (cluster || group) && (cluster || group).dataset.path;
    if (!path) return;
    event.preventDefault();
    if (collapsed.has(path)) collapsed.delete(path); else collapsed.add(path);
    history.replaceState(null, "", location.pathname + query());
    refresh();
  });
  if (!live.dataset.events) return;
  const events = new EventSource(live.dataset.events);
  events.addEventListener("change", () => refresh());
  events.addEventListener("finished", () => { events.close(); refresh(); });
})();
`;
