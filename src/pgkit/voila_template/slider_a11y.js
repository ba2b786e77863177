// ipywidgets 8 builds every slider with noUiSlider but gives the handle (role="slider")
// no accessible name, and a SelectionSlider announces the option's index instead of its
// label: "open" as 0 and "5" as 6 (upstream: SelectionSliderView.createSlider passes no
// ariaFormat and no handleAttributes). Name each handle after the widget's description
// and let it announce what the readout shows; noUiSlider rewrites aria-valuetext on every
// move, so an observer puts the shown text back each time.
(function () {
  var made = 0;
  function fix(handle) {
    var widget = handle.closest(".widget-slider");
    if (!widget) return;
    var label = widget.querySelector(":scope > .widget-label");
    if (label && label.textContent.trim()) {
      if (!label.id) label.id = "pgkit-slider-label-" + (++made);
      if (handle.getAttribute("aria-labelledby") !== label.id) {
        handle.setAttribute("aria-labelledby", label.id);
      }
    }
    var readout = widget.querySelector(":scope > .widget-readout");
    var shown = readout ? readout.textContent.trim() : "";
    if (shown && handle.getAttribute("aria-valuetext") !== shown) {
      handle.setAttribute("aria-valuetext", shown);
    }
  }
  function fixAll() {
    document.querySelectorAll(".widget-slider .noUi-handle").forEach(fix);
  }
  new MutationObserver(fixAll).observe(document.documentElement, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ["aria-valuetext"],
  });
})();
