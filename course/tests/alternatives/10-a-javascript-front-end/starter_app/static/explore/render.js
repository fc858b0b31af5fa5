// Drawing: copies of the page's <template> elements, filled with textContent only, so a
// title or a review that holds HTML is shown as text and never run.

export function fromTemplate(name, values) {
  const template = document.querySelector(`template[data-template="${name}"]`);
  const copy = template.content.firstElementChild.cloneNode(true);
  for (const slot of copy.querySelectorAll("[data-slot]")) {
    slot.textContent = values[slot.dataset.slot] ?? "";
  }
  return copy;
}

export function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

// 4 → "★★★★☆"; an average is rounded to the nearest star.
export function starsFor(rating) {
  const full = Math.min(5, Math.max(0, Math.round(rating)));
  return "★★★★★☆☆☆☆☆".slice(5 - full, 10 - full);
}
