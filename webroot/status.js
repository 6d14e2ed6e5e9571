async function refresh() {
  const outcome = document.getElementById('outcome');
  const table = document.getElementById('checks');
  try {
    const response = await fetch('/health/ready', { cache: 'no-store' });
    const body = await response.json();
    outcome.textContent = 'Overall: ' + body.outcome;
    outcome.className = body.outcome;
    table.replaceChildren(...(body.checks || []).map(check => {
      const row = document.createElement('tr');
      const detail = check.data && check.data.error ? check.data.error : '';
      for (const text of [check.id, check.status, detail]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.appendChild(cell);
      }
      row.children[1].className = check.status;
      return row;
    }));
  } catch (e) {
    outcome.textContent = 'Server unreachable: ' + e.message;
    outcome.className = 'DOWN';
  }
}
refresh();
setInterval(refresh, 5000);
