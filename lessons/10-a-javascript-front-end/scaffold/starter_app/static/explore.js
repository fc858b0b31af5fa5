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

// Every call to the API goes through here: JSON in, JSON out.
async function api(path, options = {}) {
  const headers = { Accept: "application/json" };
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json"; // the API refuses anything else (415)
  }
  // TODO (lesson 10, step 4): errors as messages. Wrap the fetch in try/catch: a network
  // error becomes `throw new Error("The server cannot be reached...")`. Then, when
  // !response.ok, throw new Error(data?.message || `The server answered ${response.status}.`):
  // the API's JSON errors carry a "message" for people. (A 204 has no JSON to read.)
  const response = await fetch(path, { ...options, headers, credentials: "same-origin" });
  return response.json();
}

// TODO (lesson 10, step 4): showProblem(message): put the message in the role="alert"
// element (`problem.textContent = message`), and hide it when the message is empty.
function showProblem(message) {
  console.warn(message);
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

// TODO (lesson 10, step 2): search(): read searchBox.value (trimmed); await
// api(`/api/books?per_page=20&q=${encodeURIComponent(query)}`); then showResults(data, query).
// Answers can arrive out of order (a slow "au" after a quick "austen"): number each search
// (const ticket = ++latestSearch) and show an answer only if ticket === latestSearch.
// On an error, showProblem(error.message).
async function search() {}

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

// TODO (lesson 10, step 3): addReview(event): event.preventDefault() (no page load); read the
// form with new FormData(reviewForm) into {name, rating: Number(...), text}; POST it with
// api(`/api/books/${shownBookId}/reviews`, {method: "POST", body: JSON.stringify(review)});
// then fetch GET .../reviews again and showReviews(data.reviews, data.average_rating),
// reviewForm.reset(). On an error, showProblem(error.message) ("Log in first.", ...).

// TODO (lesson 10, step 2): search as the visitor types: on searchBox's "input" event,
// clearTimeout(searchTimer) and searchTimer = setTimeout(search, WAIT_MS). On searchForm's
// "submit", event.preventDefault() and search() at once.
// TODO (lesson 10, step 3): reviewForm?.addEventListener("submit", addReview), once the form
// is in explore.html (?. because a visitor who is not logged in gets no form: null).
search();
