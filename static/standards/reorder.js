/* Drag-and-drop reordering of a draft checklist's items. The up/down buttons do the same without JavaScript;
   this only saves a few clicks. The new order is POSTed as JSON {"items": [id, ...]}; on failure the page says so. */
(function () {
  "use strict";
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function setup(list) {
    var url = list.getAttribute("data-reorder-url");
    var dragged = null;
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("[data-item-id]");
      if (!dragged) return;
      dragged.classList.add("opacity-50");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.getAttribute("data-item-id"));
    });
    list.addEventListener("dragover", function (event) {
      if (!dragged) return;
      event.preventDefault();
      var target = event.target.closest("[data-item-id]");
      if (!target || target === dragged) return;
      var box = target.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      target.parentNode.insertBefore(dragged, after ? target.nextSibling : target);
    });
    list.addEventListener("dragend", function () {
      if (!dragged) return;
      dragged.classList.remove("opacity-50");
      dragged = null;
      var ids = Array.prototype.map.call(list.querySelectorAll("[data-item-id]"), function (li) {
        return parseInt(li.getAttribute("data-item-id"), 10);
      });
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
        body: JSON.stringify({items: ids})
      }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        window.location.reload();
      }).catch(function () {
        var alert = document.createElement("div");
        alert.className = "alert alert-danger m-2";
        alert.setAttribute("role", "alert");
        alert.textContent = list.getAttribute("data-reorder-error");
        list.parentNode.insertBefore(alert, list);
      });
    });
  }
  document.querySelectorAll("[data-reorder-url]").forEach(setup);
})();
