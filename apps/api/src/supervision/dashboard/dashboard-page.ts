/**
 * The supervision dashboard's page. Plain HTML, no inline script or style (the page is served with a strict
 * Content-Security-Policy); kept as a TypeScript constant so tsc carries it into dist/ with the rest of the app.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>科研诚信案件监督看板</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/app.css">
<script src="/dashboard/app.js" defer></script>
</head>
<body>
<header class="top">
  <h1>科研诚信案件监督看板</h1>
  <div id="who" hidden><span id="who-name"></span><button id="logout" type="button" class="link">退出</button></div>
</header>
<main>
  <p id="message" class="message" role="status" hidden></p>

  <section id="login-view" class="card login">
    <h2>登录</h2>
    <form id="login-form" autocomplete="on">
      <label for="username">用户名</label>
      <input id="username" name="username" autocomplete="username" required>
      <label for="password">密码</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button type="submit" class="primary">登录</button>
      <p id="login-error" class="error" role="alert"></p>
    </form>
    <p class="hint">仅监督员、诚信管理员可用。</p>
  </section>

  <section id="app-view" hidden>
    <nav class="scope" aria-label="当前范围">
      <span class="scope-label">当前范围</span>
      <span id="scope-path"></span>
      <button id="scope-up" type="button" hidden>↑ 返回上级</button>
      <span class="as-of" id="as-of"></span>
    </nav>

    <div class="tiles" id="tiles"></div>

    <div class="grid2">
      <section class="card"><h2>各阶段案件数</h2><div id="chart-phase" class="chart"></div></section>
      <section class="card"><h2>超期期限（按类型）</h2><div id="chart-kind" class="chart"></div></section>
    </div>

    <div class="grid2">
      <section class="card">
        <h2>下级单位</h2>
        <table id="children-table" class="data">
          <thead><tr><th>单位</th><th class="num">案件</th><th class="num">办理中</th><th class="num">超期期限</th><th class="num">临期期限</th></tr></thead>
          <tbody></tbody>
        </table>
        <p id="children-empty" class="empty" hidden>没有下级单位</p>
      </section>
      <section class="card"><h2>近12个月受理与办结</h2><div id="chart-monthly" class="chart"></div></section>
    </div>

    <section class="card" id="trend-card">
      <div class="card-head">
        <h2>超期期限变化趋势</h2>
        <div class="tools">
          <label>统计粒度
            <select id="trend-granularity">
              <option value="day">按日（近30天）</option>
              <option value="week">按周（近12周）</option>
              <option value="month">按月（近12个月）</option>
            </select>
          </label>
        </div>
      </div>
      <div id="chart-trend" class="chart trend"></div>
      <p class="hint">每个点为该日（周、月）结束时已过期限且尚未完成的期限数；当天按当前时间统计。</p>
    </section>

    <section class="card" id="overdue-card">
      <div class="card-head">
        <h2>超期期限 <span class="badge overdue" id="overdue-total">0</span></h2>
        <div class="tools">
          <label>类型 <select id="overdue-kind" class="kind-select"></select></label>
          <label>排序
            <select id="overdue-sort">
              <option value="overdueDays">超期最久优先</option>
              <option value="-overdueDays">超期最短优先</option>
              <option value="-dueDate">到期日从晚到早</option>
            </select>
          </label>
          <button type="button" data-export="overdue.csv">导出 CSV</button>
          <button type="button" data-export="overdue.xlsx">导出 Excel</button>
        </div>
      </div>
      <table id="overdue-table" class="data">
        <thead><tr><th>案件编号</th><th>期限类型</th><th>到期日</th><th class="num">超期工作日</th><th>案件阶段</th><th>承办单位</th><th>责任人员</th><th>适用规范</th></tr></thead>
        <tbody></tbody>
      </table>
      <div class="pager" data-list="overdue"><button type="button" data-page="-1">上一页</button><span class="pager-text"></span><button type="button" data-page="1">下一页</button></div>
    </section>

    <section class="card" id="due-soon-card">
      <div class="card-head">
        <h2>临期期限 <span class="badge soon" id="due-soon-total">0</span></h2>
        <div class="tools">
          <label><input id="due-soon-within" type="number" min="0" max="90" value="5"> 个工作日内到期</label>
          <label>类型 <select id="due-soon-kind" class="kind-select"></select></label>
          <label>排序
            <select id="due-soon-sort">
              <option value="dueDate">到期日从早到晚</option>
              <option value="-dueDate">到期日从晚到早</option>
            </select>
          </label>
          <button type="button" data-export="due-soon.csv">导出 CSV</button>
          <button type="button" data-export="due-soon.xlsx">导出 Excel</button>
        </div>
      </div>
      <table id="due-soon-table" class="data">
        <thead><tr><th>案件编号</th><th>期限类型</th><th>到期日</th><th class="num">剩余工作日</th><th>案件阶段</th><th>承办单位</th><th>责任人员</th><th>适用规范</th></tr></thead>
        <tbody></tbody>
      </table>
      <div class="pager" data-list="due-soon"><button type="button" data-page="-1">上一页</button><span class="pager-text"></span><button type="button" data-page="1">下一页</button></div>
    </section>
  </section>
</main>
<footer>工作日按国务院节假日安排计算（北京时间）。数据来自办案系统的查询投影，不含举报人信息。</footer>
</body>
</html>
`;
