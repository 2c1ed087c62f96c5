// The "Print this page" button needs JavaScript, so it is shown only with it;
// without, the page is plain and the browser's own print works the same.
const button = document.getElementById("print-answers");
if (button) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
