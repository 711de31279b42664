// Tables a reader can sort and filter (progressive enhancement: without JavaScript the table is
// the same table). Every table.sortable gets a search field above it that hides the rows not
// containing its words (and says how many are shown), and a button in each column head that
// sorts by that column, ascending then descending (aria-sort on the head says which). A cell's
// data-sort, where the page gives one (a date: by its first day, undated last), sorts it;
// otherwise its text, in the page's language, numbers as numbers. Buttons and the field are
// ordinary controls, so the keyboard does everything the mouse does.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: "base" });

  function key(row, column) {
    var cell = row.cells[column];
    if (!cell) { return ""; }
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }

  function sortBy(table, column, head) {
    var body = table.tBodies[0];
    var descending = head.getAttribute("aria-sort") === "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
    head.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, column), y = key(b, column);
      if (x === "" || y === "") { return (x === "") - (y === ""); }  // empty cells last, either way
      return descending ? collator.compare(y, x) : collator.compare(x, y);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function filter(table, words, status) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var wanted = words.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLocaleLowerCase();
      row.hidden = !wanted.every(function (word) { return text.indexOf(word) !== -1; });
      shown += row.hidden ? 0 : 1;
    });
    status.textContent = wanted.length ? table.getAttribute("data-shown").replace("{shown}", shown).replace("{total}", rows.length) : "";
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table, index) {
    if (!table.tHead || !table.tBodies[0] || table.tBodies[0].rows.length < 2) { return; }
    var box = document.createElement("p");
    box.className = "table-filter";
    var label = document.createElement("label");
    label.htmlFor = "table-filter-" + index;
    label.textContent = table.getAttribute("data-filter");
    var input = document.createElement("input");
    input.type = "search";
    input.id = "table-filter-" + index;
    input.setAttribute("autocomplete", "off");
    var status = document.createElement("span");
    status.className = "filter-status";
    status.setAttribute("role", "status");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    var place = table.closest(".table-scroll") || table;
    place.parentNode.insertBefore(box, place);
    input.addEventListener("input", function () { filter(table, input.value, status); });

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (head, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.title = table.getAttribute("data-sort-hint");
      while (head.firstChild) { button.appendChild(head.firstChild); }
      head.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, column, head); });
    });
  });
});
