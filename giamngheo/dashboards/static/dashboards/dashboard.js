/* Draw the dashboard charts from the JSON the page embeds (#dashboard-data). Numbers in Vietnamese format. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var pct = function (v) {
    return v === null || v === undefined ? "—" : v.toFixed(2).replace(".", ",") + "%";
  };
  var num = function (v) {
    return v === null || v === undefined ? "—" : String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  };
  var charts = [];
  function make(id, option, onClick) {
    var el = document.getElementById(id);
    if (!el || typeof echarts === "undefined") return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(Object.assign({ animation: false, textStyle: { fontFamily: "inherit" } }, option));
    if (onClick) chart.on("click", onClick);
    charts.push(chart);
  }
  var years = data.years.map(String);

  make("chart-rates", {
    tooltip: { trigger: "axis", valueFormatter: pct },
    legend: { bottom: 0 },
    grid: { left: 48, right: 64, top: 24, bottom: 64 },
    xAxis: { type: "category", data: years },
    yAxis: { type: "value", axisLabel: { formatter: function (v) { return v + "%"; } } },
    series: [
      { name: "Tỷ lệ hộ nghèo", type: "line", data: data.poor_rate, color: "#c62828", symbolSize: 8,
        label: { show: true, formatter: function (p) { return pct(p.value); }, position: "top" } },
      { name: "Mục tiêu nghèo", type: "line", data: data.target_poor_rate, color: "#c62828", connectNulls: true,
        lineStyle: { type: "dashed" }, symbol: "diamond", symbolSize: 13,
        label: { show: true, position: "right", formatter: function (p) { return "MT " + pct(p.value); } } },
      { name: "Tỷ lệ hộ cận nghèo", type: "line", data: data.near_poor_rate, color: "#ef6c00", symbolSize: 8 },
      { name: "Mục tiêu cận nghèo", type: "line", data: data.target_near_poor_rate, color: "#ef6c00",
        connectNulls: true, lineStyle: { type: "dashed" }, symbol: "diamond", symbolSize: 13 }
    ]
  });

  if (data.flows) {
    make("chart-flows", {
      tooltip: { trigger: "axis", valueFormatter: num },
      legend: { bottom: 0 },
      grid: { left: 48, right: 16, top: 24, bottom: 80 },
      xAxis: { type: "category", data: data.flows.years.map(String) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "Thoát nghèo", type: "bar", data: data.flows.escaped_poor, color: "#2e7d32" },
        { name: "Thoát cận nghèo", type: "bar", data: data.flows.escaped_near_poor, color: "#81c784" },
        { name: "Nghèo phát sinh mới", type: "bar", data: data.flows.newly_poor, color: "#c62828" },
        { name: "Tái nghèo", type: "bar", data: data.flows.fallen_back, color: "#6a1b9a" },
        { name: "Mục tiêu thoát nghèo", type: "line", data: data.flows.target_out, color: "#1b5e20",
          lineStyle: { type: "dashed" }, symbol: "diamond", symbolSize: 13, connectNulls: true }
      ]
    });
  }

  function go(url) { if (url) window.location.href = url; }

  if (data.map && data.map.length) {
    var rates = data.map.map(function (p) { return p.value[2] || 0; });
    make("chart-map", {
      tooltip: { formatter: function (p) {
        return p.data.name + "<br>Tỷ lệ hộ nghèo: " + pct(p.data.value[2]) + "<br>Tỷ lệ hộ cận nghèo: " + pct(p.data.near_poor_rate);
      } },
      grid: { left: 56, right: 96, top: 16, bottom: 32 },
      xAxis: { type: "value", scale: true, name: "Kinh độ" },
      yAxis: { type: "value", scale: true, name: "Vĩ độ" },
      visualMap: { min: 0, max: Math.max.apply(null, rates.concat([1])), dimension: 2, right: 0, top: "middle",
        text: ["cao", "thấp"], calculable: true, inRange: { color: ["#fff3e0", "#ff9800", "#b71c1c"] },
        formatter: function (v) { return pct(v); } },
      series: [{ type: "scatter", data: data.map, symbolSize: 22,
        label: { show: true, position: "right", formatter: function (p) { return p.data.name.replace(/^(Xã|Phường|Đặc khu) /, ""); }, fontSize: 11 } }]
    }, function (p) { go(p.data.url); });
  }

  if (data.heat && data.heat.rows.length) {
    var max = Math.max.apply(null, data.heat.data.map(function (c) { return c[2]; }).concat([1]));
    make("chart-heat", {
      tooltip: { formatter: function (p) {
        return data.heat.rows[p.value[1]] + "<br>" + data.heat.names[p.value[0]] + ": " + pct(p.value[2]);
      } },
      grid: { left: 150, right: 16, top: 8, bottom: 88 },
      xAxis: { type: "category", data: data.heat.cols, axisLabel: { rotate: 40, interval: 0, fontSize: 11 } },
      yAxis: { type: "category", data: data.heat.rows, inverse: true, axisLabel: { fontSize: 11 } },
      visualMap: { min: 0, max: max, calculable: true, orient: "horizontal", left: "center", bottom: 0,
        itemHeight: 120, inRange: { color: ["#f1f8e9", "#ffb74d", "#b71c1c"] }, formatter: function (v) { return pct(v); } },
      series: [{ type: "heatmap", data: data.heat.data,
        label: { show: data.heat.rows.length * data.heat.cols.length <= 300, fontSize: 10,
          formatter: function (p) { return p.value[2].toFixed(1).replace(".", ","); } } }]
    }, function (p) { go(data.heat.urls[p.value[1]]); });
  }

  if (data.info && data.info.length) {
    var allYears = [];
    data.info.forEach(function (s) { s.years.forEach(function (y) { if (allYears.indexOf(y) < 0) allYears.push(y); }); });
    allYears.sort();
    make("chart-info", {
      tooltip: { trigger: "axis", valueFormatter: pct },
      legend: { bottom: 0 },
      grid: { left: 48, right: 16, top: 16, bottom: 48 },
      xAxis: { type: "category", data: allYears.map(String) },
      yAxis: { type: "value", axisLabel: { formatter: function (v) { return v + "%"; } } },
      series: data.info.map(function (s) {
        return { name: s.name, type: "line", symbolSize: 7,
          data: allYears.map(function (y) { var i = s.years.indexOf(y); return i < 0 ? null : s.rates[i]; }) };
      })
    });
  }

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  document.documentElement.dataset.chartsReady = String(charts.length);
})();
