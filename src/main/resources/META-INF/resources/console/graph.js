// Plain SVG drawings: the ontology as a graph (nodes, labelled edges, draggable, keyboard
// reachable) and the pipeline's lag over time as a line chart.
'use strict';

const ConsoleGraph = (() => {
  const SVG = 'http://www.w3.org/2000/svg';

  function el(name, attrs, text) {
    const e = document.createElementNS(SVG, name);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** A deterministic force layout: the same ontology is always drawn the same way. */
  function pillWidth(node) {
    return Math.max(60, (node.label || node.id).length * 8 + 20);
  }

  function layout(nodes, edges, width, height) {
    const n = nodes.length;
    const pos = nodes.map((_, i) => ({
      x: width / 2 + (width / 3) * Math.cos((2 * Math.PI * i) / Math.max(n, 1)),
      y: height / 2 + (height / 3) * Math.sin((2 * Math.PI * i) / Math.max(n, 1)),
    }));
    const index = new Map(nodes.map((node, i) => [node.id, i]));
    const links = edges.map((e) => [index.get(e.source), index.get(e.target)])
      .filter(([a, b]) => a !== undefined && b !== undefined && a !== b);
    const ideal = Math.max(90, Math.sqrt((width * height) / Math.max(n, 1)) * 0.7);
    for (let step = 0; step < 300; step++) {
      const force = pos.map(() => ({ x: 0, y: 0 }));
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const dx = pos[i].x - pos[j].x || 0.01;
          const dy = pos[i].y - pos[j].y || 0.01;
          const d2 = dx * dx + dy * dy;
          const push = (ideal * ideal) / d2;
          force[i].x += dx * push * 0.05; force[i].y += dy * push * 0.05;
          force[j].x -= dx * push * 0.05; force[j].y -= dy * push * 0.05;
        }
      }
      links.forEach(([a, b]) => {
        const dx = pos[b].x - pos[a].x;
        const dy = pos[b].y - pos[a].y;
        const d = Math.sqrt(dx * dx + dy * dy) || 1;
        const pull = (d - ideal) / d * 0.1;
        force[a].x += dx * pull; force[a].y += dy * pull;
        force[b].x -= dx * pull; force[b].y -= dy * pull;
      });
      const cooling = 1 - step / 300;
      pos.forEach((p, i) => {
        force[i].x += (width / 2 - p.x) * 0.01;
        force[i].y += (height / 2 - p.y) * 0.01;
        p.x += Math.max(-20, Math.min(20, force[i].x)) * cooling;
        p.y += Math.max(-20, Math.min(20, force[i].y)) * cooling;
        const half = pillWidth(nodes[i]) / 2 + 4;
        p.x = Math.max(half, Math.min(width - half, p.x));
        p.y = Math.max(30, Math.min(height - 30, p.y));
      });
    }
    return pos;
  }

  /**
   * Draws {nodes, edges} into the <svg> `svg`; `onSelect(node, edgesOfIt)` is called when a node
   * is clicked or chosen with Enter/Space. Nodes can be dragged with a pointer or moved with the
   * arrow keys.
   */
  function drawOntology(svg, ontology, onSelect) {
    const nodes = (ontology && ontology.nodes) || [];
    const edges = (ontology && ontology.edges) || [];
    const width = 720;
    const height = Math.max(360, Math.min(720, 120 + nodes.length * 30));
    svg.replaceChildren();
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    if (nodes.length === 0) {
      svg.appendChild(el('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'empty' },
        'No ontology yet'));
      return;
    }
    const defs = el('defs');
    const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8,
      markerHeight: 8, orient: 'auto-start-reverse' });
    marker.appendChild(el('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }));
    defs.appendChild(marker);
    svg.appendChild(defs);
    const pos = layout(nodes, edges, width, height);
    const index = new Map(nodes.map((node, i) => [node.id, i]));
    const edgeLayer = el('g', { class: 'edges' });
    const nodeLayer = el('g', { class: 'nodes' });
    svg.append(edgeLayer, nodeLayer);
    const drawn = edges.map((e) => {
      const a = index.get(e.source);
      const b = index.get(e.target);
      if (a === undefined || b === undefined) return null;
      const g = el('g', { class: 'edge' });
      const line = el('line', { 'marker-end': 'url(#arrow)' });
      const label = el('text', { class: 'edge-label', 'text-anchor': 'middle' }, e.label || '');
      g.append(line, label);
      edgeLayer.appendChild(g);
      return { a, b, line, label };
    }).filter(Boolean);
    const groups = nodes.map((node, i) => {
      const g = el('g', { class: 'node', tabindex: 0, role: 'button', 'data-node-id': node.id,
        'aria-label': `${node.label || node.id}: ${node.description || 'no description'}` });
      const text = node.label || node.id;
      const w = pillWidth(node);
      g.append(el('rect', { x: -w / 2, y: -15, width: w, height: 30, rx: 15 }), el('text',
        { 'text-anchor': 'middle', y: 5, class: 'node-label' }, text));
      nodeLayer.appendChild(g);
      return g;
    });

    function place() {
      groups.forEach((g, i) => g.setAttribute('transform', `translate(${pos[i].x},${pos[i].y})`));
      drawn.forEach(({ a, b, line, label }) => {
        const dx = pos[b].x - pos[a].x;
        const dy = pos[b].y - pos[a].y;
        const d = Math.sqrt(dx * dx + dy * dy) || 1;
        // stop the arrow at the target's pill, roughly
        const stop = Math.min(d / 2, Math.abs(dx / d) * 40 + Math.abs(dy / d) * 15 + 4);
        line.setAttribute('x1', pos[a].x); line.setAttribute('y1', pos[a].y);
        line.setAttribute('x2', pos[b].x - (dx / d) * stop); line.setAttribute('y2', pos[b].y - (dy / d) * stop);
        // two fifths along from the source: the labels of a -> b and b -> a do not overlap
        label.setAttribute('x', pos[a].x + dx * 0.4); label.setAttribute('y', pos[a].y + dy * 0.4 - 4);
      });
    }
    place();

    function select(i) {
      groups.forEach((g, j) => g.classList.toggle('selected', i === j));
      const id = nodes[i].id;
      onSelect(nodes[i], edges.filter((e) => e.source === id || e.target === id));
    }

    function toSvg(event) {
      const m = svg.getScreenCTM();
      return m ? { x: (event.clientX - m.e) / m.a, y: (event.clientY - m.f) / m.d } : { x: 0, y: 0 };
    }

    groups.forEach((g, i) => {
      let dragging = false;
      let moved = false;
      g.addEventListener('pointerdown', (event) => {
        dragging = true; moved = false;
        g.setPointerCapture(event.pointerId);
      });
      g.addEventListener('pointermove', (event) => {
        if (!dragging) return;
        const p = toSvg(event);
        pos[i].x = p.x; pos[i].y = p.y; moved = true;
        place();
      });
      g.addEventListener('pointerup', () => {
        dragging = false;
        if (!moved) select(i);
      });
      g.addEventListener('keydown', (event) => {
        const step = { ArrowLeft: [-10, 0], ArrowRight: [10, 0], ArrowUp: [0, -10], ArrowDown: [0, 10] }[event.key];
        if (step) {
          pos[i].x += step[0]; pos[i].y += step[1];
          place();
          event.preventDefault();
        } else if (event.key === 'Enter' || event.key === ' ') {
          select(i);
          event.preventDefault();
        }
      });
    });
  }

  /** Relay and projection lag over time: samples [{at, relay_lag, projection_lag}]. */
  function drawLag(svg, samples) {
    const width = 720;
    const height = 240;
    const pad = { left: 50, right: 20, top: 20, bottom: 40 };
    svg.replaceChildren();
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const points = samples.filter((s) => s.relay_lag !== null || s.projection_lag !== null);
    if (points.length === 0) {
      svg.appendChild(el('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'empty' },
        'No samples yet'));
      return;
    }
    const times = points.map((s) => Date.parse(s.at));
    const t0 = Math.min(...times);
    const t1 = Math.max(t0 + 1000, Math.max(...times));
    const top = Math.max(1, ...points.map((s) => Math.max(s.relay_lag || 0, s.projection_lag || 0)));
    const x = (t) => pad.left + ((t - t0) / (t1 - t0)) * (width - pad.left - pad.right);
    const y = (v) => height - pad.bottom - (v / top) * (height - pad.top - pad.bottom);
    svg.append(
      el('line', { x1: pad.left, y1: height - pad.bottom, x2: width - pad.right, y2: height - pad.bottom,
        class: 'axis' }),
      el('line', { x1: pad.left, y1: pad.top, x2: pad.left, y2: height - pad.bottom, class: 'axis' }),
      el('text', { x: pad.left - 6, y: pad.top + 4, 'text-anchor': 'end' }, String(top)),
      el('text', { x: pad.left - 6, y: height - pad.bottom + 4, 'text-anchor': 'end' }, '0'),
      el('text', { x: pad.left, y: height - 10 }, new Date(t0).toLocaleTimeString()),
      el('text', { x: width - pad.right, y: height - 10, 'text-anchor': 'end' }, new Date(t1).toLocaleTimeString()));
    [['relay_lag', 'relay'], ['projection_lag', 'projection']].forEach(([field, cls]) => {
      const line = points.filter((s) => s[field] !== null)
        .map((s) => `${x(Date.parse(s.at)).toFixed(1)},${y(s[field]).toFixed(1)}`).join(' ');
      svg.appendChild(el('polyline', { points: line, class: 'series ' + cls }));
    });
  }

  return { drawOntology, drawLag };
})();
