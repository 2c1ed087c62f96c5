// Progressive enhancement of show-if rules within one survey step.
// Without JavaScript every such question is shown with a note saying when to
// answer it, and the server ignores answers whose rule is not met.

function chosenValues(form, fieldName) {
  const inputs = form.querySelectorAll(`[name="${CSS.escape(fieldName)}"]`);
  const values = [];
  inputs.forEach((input) => {
    if (input.type === "radio" || input.type === "checkbox") {
      if (input.checked) values.push(input.value);
    } else if (input.value) {
      values.push(input.value);
    }
  });
  return values;
}

function update(form) {
  form.querySelectorAll("[data-show-if-field]").forEach((question) => {
    const wanted = question.dataset.showIfValue;
    if (!wanted) return;
    const shown = chosenValues(form, question.dataset.showIfField).includes(wanted);
    question.hidden = !shown;
    const note = question.querySelector(".portal-question__condition");
    if (note) note.hidden = true;
  });
}

document.querySelectorAll("form").forEach((form) => {
  if (!form.querySelector("[data-show-if-field]")) return;
  form.addEventListener("change", () => update(form));
  update(form);
});
