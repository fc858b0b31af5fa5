// Explore: the list follows the search box, a chosen book shows its reviews, and a review
// is sent as JSON, all through the lesson-07 API and without reloading the page.
// A module (type="module"): strict, deferred, and split into ./explore/*.js.
import { getJson, postJson } from "./explore/api.js";
import { fromTemplate, plural, starsFor } from "./explore/render.js";

const PAUSE_MS = 250; // search once the typing pauses, not on every key

const page = {
  searchForm: document.querySelector("[data-search]"),
  alert: document.querySelector("[data-alert]"),
  count: document.querySelector("[data-count]"),
  results: document.querySelector("[data-results]"),
  book: document.querySelector("[data-book]"),
  reviews: document.querySelector("[data-reviews]"),
  reviewForm: document.querySelector("[data-review-form]"), // absent for a visitor
};
const queryBox = page.searchForm.elements.namedItem("q");

let currentSearch = null; // the AbortController of the latest search
let wantedBookId = null; // the book last clicked
let shownBookId = null; // the book on screen, which a review is about

function showError(error) {
  page.alert.textContent = error.message;
  page.alert.hidden = false;
}

function clearError() {
  page.alert.hidden = true;
  page.alert.textContent = "";
}

function debounce(action, wait) {
  let timer;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(action, wait);
  };
  later.cancel = () => clearTimeout(timer);
  return later;
}

async function runSearch() {
  currentSearch?.abort(); // a slower answer to an older search must not win
  const search = new AbortController();
  currentSearch = search;
  const text = queryBox.value.trim();
  const params = new URLSearchParams({ q: text, per_page: "20" });
  try {
    const found = await getJson(`/api/books?${params}`, search.signal);
    if (search !== currentSearch) return;
    clearError();
    listBooks(found, text);
  } catch (error) {
    if (search === currentSearch) showError(error);
  }
}

function listBooks({ books, total }, text) {
  const scope = text ? `found for “${text}”` : "on the shelf";
  const partial = total > books.length ? `, the first ${books.length} shown` : "";
  page.count.textContent = `${plural(total, "book")} ${scope}${partial}`;
  page.results.replaceChildren(
    ...books.map((book) => {
      const byline = [book.author, book.year].filter(Boolean).join(", ");
      const item = fromTemplate("result", { title: book.title, byline });
      item.querySelector("button").dataset.bookId = book.id;
      return item;
    }),
  );
}

async function openBook(bookId) {
  wantedBookId = bookId;
  try {
    const book = await getJson(`/api/books/${encodeURIComponent(bookId)}`);
    if (bookId !== wantedBookId) return; // another book was clicked meanwhile
    shownBookId = bookId;
    clearError();
    drawBook(book);
    page.book.hidden = false;
    bookField("title").focus(); // keyboard and screen reader users land on the book
  } catch (error) {
    if (bookId === wantedBookId) showError(error);
  }
}

function bookField(name) {
  return page.book.querySelector(`[data-field="${name}"]`);
}

function drawBook(book) {
  const reviews = book.reviews ?? [];
  const average = book.average_rating;
  bookField("title").textContent = book.title;
  bookField("facts").textContent = [book.author, book.year, book.genre].filter(Boolean).join(" · ");
  bookField("description").textContent = book.description ?? "";
  bookField("score").textContent =
    average == null
      ? "Nobody has reviewed this book yet."
      : `${starsFor(average)} ${average.toFixed(1)} out of 5 · ${plural(reviews.length, "review")}`;
  page.reviews.replaceChildren(
    ...reviews.map((review) =>
      fromTemplate("review", { name: review.name, stars: starsFor(review.rating), text: review.text }),
    ),
  );
}

async function sendReview(event) {
  event.preventDefault(); // the review goes as JSON; the page stays where it is
  const form = page.reviewForm;
  const stars = form.elements.namedItem("rating").valueAsNumber;
  const review = {
    name: form.elements.namedItem("name").value.trim(),
    rating: Number.isNaN(stars) ? null : stars,
    text: form.elements.namedItem("text").value.trim(),
  };
  const bookId = shownBookId;
  const button = form.querySelector("button");
  button.disabled = true; // one click, one review
  try {
    await postJson(`/api/books/${encodeURIComponent(bookId)}/reviews`, review);
    form.reset();
    clearError();
    const book = await getJson(`/api/books/${encodeURIComponent(bookId)}`);
    if (bookId === shownBookId) drawBook(book); // the new review, and the new average
  } catch (error) {
    showError(error); // "Log in first.", "rating must be a whole number from 1 to 5.", ...
  } finally {
    button.disabled = false;
  }
}

const searchSoon = debounce(runSearch, PAUSE_MS);
queryBox.addEventListener("input", searchSoon);
page.searchForm.addEventListener("submit", (event) => {
  event.preventDefault(); // the script searches; the form itself is for pages without it
  searchSoon.cancel();
  runSearch();
});
// One listener for every result, present and future: each button names its book.
page.results.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-book-id]");
  if (button) openBook(button.dataset.bookId);
});
page.reviewForm?.addEventListener("submit", sendReview);
runSearch();
