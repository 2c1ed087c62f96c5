/* Survey builder (Wagtail page editor): the "When the answer is" field of a show-if
 * rule suggests the answers the named question can give: its options (as typed in
 * this language), yes/no, or the points on its scale. The server checks the answer
 * when the page is saved (consultations/survey_checks.py); this only helps choose it.
 */
(function () {
  "use strict";
  var SUFFIX = "-show_if-answer";

  function byName(form, name) {
    return form.querySelector('[name="' + name + '"]');
  }

  function answersFor(form, reference) {
    var refs = form.querySelectorAll('input[name$="-value-reference"]');
    for (var i = 0; i < refs.length; i++) {
      if (refs[i].value.trim() !== reference) continue;
      var prefix = refs[i].name.slice(0, -"-reference".length); // ...-questions-N-value
      var typeInput = byName(form, prefix.slice(0, -"-value".length) + "-type");
      var type = typeInput ? typeInput.value : "";
      if (type === "yes_no" || type === "consent") return ["yes", "no"];
      if (type === "likert") {
        var dontKnow = byName(form, prefix + "-include_dont_know");
        var points = ["5", "4", "3", "2", "1"];
        return dontKnow && dontKnow.checked ? points.concat(["0"]) : points;
      }
      if (type === "rating") {
        var scale = parseInt((byName(form, prefix + "-scale") || {}).value, 10) || 5;
        var out = [];
        for (var p = 1; p <= scale; p++) out.push(String(p));
        return out;
      }
      var options = [];
      var items = form.querySelectorAll('[name^="' + prefix + '-options-"][name$="-value"]');
      items.forEach(function (item) {
        var deleted = byName(form, item.name.slice(0, -"-value".length) + "-deleted");
        if (deleted && deleted.value) return;
        if (item.value.trim()) options.push(item.value.trim());
      });
      return options;
    }
    return [];
  }

  var counter = 0;
  document.addEventListener("focusin", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.name.endsWith(SUFFIX)) return;
    var form = input.form;
    if (!form) return;
    var question = byName(form, input.name.slice(0, -"-answer".length) + "-question");
    var answers = question ? answersFor(form, question.value.trim()) : [];
    var list = input.list;
    if (!list) {
      list = document.createElement("datalist");
      list.id = "show-if-answers-" + ++counter;
      input.insertAdjacentElement("afterend", list);
      input.setAttribute("list", list.id);
    }
    list.replaceChildren.apply(
      list,
      answers.map(function (answer) {
        var option = document.createElement("option");
        option.value = answer;
        return option;
      })
    );
  });
})();
