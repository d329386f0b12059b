// The analytics page: each chart is drawn by uPlot from the table under it, so the two always agree.
document.addEventListener('DOMContentLoaded', () => {
  const colours = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed'];
  document.querySelectorAll('table.chart-data').forEach((table) => {
    const rows = [...table.tBodies[0].rows].filter((r) => r.dataset.t);
    if (rows.length === 0 || typeof uPlot === 'undefined') {
      return;
    }
    const labels = [...table.tHead.rows[0].cells].slice(1).map((th) => th.textContent);
    const data = [rows.map((r) => Number(r.dataset.t))];
    labels.forEach((_, i) => data.push(rows.map((r) => {
      const text = r.cells[i + 1].textContent.trim();
      return text === '' ? null : Number(text);
    })));
    const plot = document.getElementById(table.dataset.chart + '-plot');
    const options = {
      width: Math.min(Math.max(plot.clientWidth, 480), 960),
      height: 220,
      series: [{}, ...labels.map((label, i) => ({ label, stroke: colours[i % colours.length], width: 2 }))],
    };
    new uPlot(options, data, plot);
  });
});
