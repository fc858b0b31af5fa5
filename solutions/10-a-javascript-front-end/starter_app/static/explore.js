// Explore: search as you type and add reviews without reloading, through the JSON API.
// Plain JavaScript, no build step: the browser runs this file as it is.
"use strict";

const searchForm = document.getElementById("search-form");
const searchBox = document.getElementById("q");
const summary = document.getElementById("summary");
const results = document.getElementById("results");
const problem = document.getElementById("problem");
const bookPanel = document.getElementById("book");
const reviewForm = document.getElementById("review-form");

const WAIT_MS = 250; // search when the typing pauses, not on every key
let searchTimer = null;
let latestSearch = 0;
let shownBookId = null;

// Every call to the API goes through here: JSON in, JSON out, errors as messages.
async function api(path, options = {}) {
  const headers = { Accept: "application/json" };
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json"; // the API refuses anything else (415)
  }
  let response;
  try {
    response = await fetch(path, { ...options, headers, credentials: "same-origin" });
  } catch {
    throw new Error("The server cannot be reached. Check your connection and try again.");
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(data?.message || `The server answered ${response.status}.`);
  }
  return data;
}

function showProblem(message) {
  problem.textContent = message || "";
  problem.hidden = !message;
}

// Text only (textContent), never HTML strings: a title like <img onerror=...> shows as text.
function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function stars(average) {
  const full = Math.round(average);
  return "★".repeat(full) + "☆".repeat(5 - full);
}

async function search() {
  const query = searchBox.value.trim();
  const ticket = ++latestSearch; // answers can arrive out of order: keep the latest only
  try {
    const data = await api(`/api/books?per_page=20&q=${encodeURIComponent(query)}`);
    if (ticket !== latestSearch) return;
    showProblem("");
    showResults(data, query);
  } catch (error) {
    if (ticket === latestSearch) showProblem(error.message);
  }
}

function showResults(data, query) {
  const what = query ? `matching “${query}”` : "on the shelf";
  summary.textContent = `${data.total} book${data.total === 1 ? "" : "s"} ${what}` +
    (data.total > data.books.length ? ` (the first ${data.books.length})` : "");
  results.replaceChildren(...data.books.map((book) => {
    const item = element("li", undefined, "result");
    const button = element("button", book.title, "result-title");
    button.type = "button";
    button.addEventListener("click", () => showBook(book.id));
    item.append(button, element("span", `${book.author}${book.year ? `, ${book.year}` : ""}`, "muted"));
    return item;
  }));
}

async function showBook(bookId) {
  try {
    const book = await api(`/api/books/${bookId}`);
    shownBookId = bookId;
    showProblem("");
    document.getElementById("book-title").textContent = book.title;
    document.getElementById("book-meta").textContent =
      [book.author, book.year, book.genre].filter(Boolean).join(" · ");
    document.getElementById("book-description").textContent = book.description || "";
    showReviews(book.reviews || [], book.average_rating);
    bookPanel.hidden = false;
    bookPanel.scrollIntoView({ block: "nearest" }); // on a phone it is below the results
  } catch (error) {
    showProblem(error.message);
  }
}

function showReviews(reviews, average) {
  document.getElementById("book-rating").textContent = average
    ? `${stars(average)} ${average.toFixed(1)} out of 5 · ${reviews.length} review${reviews.length === 1 ? "" : "s"}`
    : "No reviews yet. Be the first!";
  document.getElementById("book-reviews").replaceChildren(...reviews.map((review) => {
    const item = element("li", undefined, "review");
    item.append(element("strong", review.name), " ",
      element("span", stars(review.rating), "stars"), element("p", review.text));
    return item;
  }));
}

async function addReview(event) {
  event.preventDefault(); // no page load: the review goes to the API as JSON
  const fields = new FormData(reviewForm);
  const review = {
    name: fields.get("name").trim(),
    rating: Number(fields.get("rating")),
    text: fields.get("text").trim(),
  };
  try {
    await api(`/api/books/${shownBookId}/reviews`, { method: "POST", body: JSON.stringify(review) });
    const data = await api(`/api/books/${shownBookId}/reviews`);
    showReviews(data.reviews, data.average_rating);
    reviewForm.reset();
    showProblem("");
  } catch (error) {
    showProblem(error.message); // e.g. "Log in first." or "rating must be a whole number..."
  }
}

searchBox.addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(search, WAIT_MS);
});
searchForm.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(searchTimer);
  search();
});
reviewForm?.addEventListener("submit", addReview); // a visitor has no form, but a link to log in
search();
