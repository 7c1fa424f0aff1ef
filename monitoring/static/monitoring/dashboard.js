// The share of the agency's staff away per day against the cap (vendored Chart.js 4).
(function () {
  var canvas = document.getElementById("away-chart");
  var source = document.getElementById("chart-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var labels = JSON.parse(canvas.dataset.labels || "{}");
  new Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        { type: "bar", label: labels.away || "Di luar kantor (%)", data: data.away, backgroundColor: "rgba(13,110,253,0.6)" },
        { type: "line", label: labels.allowed || "Batas harian (%)", data: data.allowed, borderColor: "#fd7e14", pointRadius: 0 },
        { type: "line", label: labels.cap || "Batas SE (%)", data: data.cap, borderColor: "#dc3545", borderDash: [6, 4], pointRadius: 0 }
      ]
    },
    options: { animation: false, scales: { y: { beginAtZero: true, suggestedMax: 100, ticks: { callback: function (v) { return v + "%"; } } } } }
  });
})();
