// What a person typed on a survey step, kept in this tab only (sessionStorage, gone
// when the tab closes) while the form is on its way. If the server refuses the form
// because the session was lost, the "could not accept that form" page shows the text
// again to copy (see templates/csrf_failure.html). Any page that loads this script
// normally means the last form went through, so the copy is dropped.
const KEY = "portal-typed-answers";

const rescue = document.getElementById("typed-rescue");
if (rescue) {
  let kept = null;
  try {
    kept = JSON.parse(sessionStorage.getItem(KEY) || "null");
  } catch {
    kept = null;
  }
  if (kept && kept.path === location.pathname && kept.items.length) {
    const list = rescue.querySelector("[data-typed-list]");
    kept.items.forEach((item, index) => {
      const group = document.createElement("div");
      group.className = "nhsuk-form-group";
      const label = document.createElement("label");
      label.className = "nhsuk-label";
      label.htmlFor = `typed-${index}`;
      label.dir = "auto";
      label.textContent = item.label;
      const box = document.createElement("textarea");
      box.className = "nhsuk-textarea";
      box.id = `typed-${index}`;
      box.rows = 4;
      box.readOnly = true;
      box.dir = "auto";
      box.value = item.value;
      group.append(label, box);
      list.append(group);
    });
    rescue.hidden = false;
  }
} else {
  sessionStorage.removeItem(KEY);
  document.querySelectorAll("form[method=post]").forEach((form) => {
    form.addEventListener("submit", () => {
      const items = [];
      form.querySelectorAll("textarea, input[type=text]").forEach((field) => {
        if (!field.value.trim() || field.name === "website") return;
        const label = form.querySelector(`label[for="${CSS.escape(field.id)}"]`);
        items.push({ label: label ? label.textContent.trim() : field.name, value: field.value });
      });
      if (items.length) {
        sessionStorage.setItem(KEY, JSON.stringify({ path: location.pathname, items }));
      }
    });
  });
}
