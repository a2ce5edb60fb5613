// Draws every <canvas data-chart="id"> from the JSON block with that id (json_script):
// no inline script, so the Content-Security-Policy holds. The table under each chart holds
// the same numbers (the chart's text alternative).
(() => {
  const palette = ["#1f5f99", "#c2410c", "#15803d", "#7c3aed", "#b45309", "#0e7490"];
  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") return;
    const spec = JSON.parse(source.textContent);
    if (!spec.labels.length) {
      canvas.parentElement.hidden = true; // nothing to draw: the table says so
      return;
    }
    new Chart(canvas, {
      type: spec.bar ? "bar" : "line",
      data: {
        labels: spec.labels,
        datasets: spec.sets.map((set, i) => ({
          label: set.label,
          data: set.data,
          borderColor: palette[i % palette.length],
          backgroundColor: palette[i % palette.length],
          spanGaps: true,
          pointRadius: spec.labels.length > 60 ? 0 : 2,
        })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: spec.percent ? { y: { min: 0, max: 100 } } : { y: { beginAtZero: true } },
      },
    });
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
