"""The pieces the mutants are made of, checked without running a student's tests."""

import io

import pytest

from grading import mutation_parts as parts
from grading.mutations import route_matches
from grading.review_mutants import round_average_down


@pytest.mark.parametrize(
    ("route", "method", "path", "expected"),
    [
        ("POST /books/<id>/reviews", "POST", "/books/665f/reviews", True),
        ("POST /books/<id>/reviews", "POST", "/books/665f/reviews/", True),
        ("POST /books/<id>/reviews", "GET", "/books/665f/reviews", False),
        ("GET /books/<id>", "GET", "/books/665f/reviews", False),
        ("GET /books/<id>", "GET", "/books", False),
    ],
)
def test_a_route_names_one_method_and_one_shape_of_path(route, method, path, expected):
    assert route_matches(route, {"REQUEST_METHOD": method, "PATH_INFO": path}) is expected


@pytest.mark.parametrize(
    ("ratings", "page", "expected"),
    [
        ([4, 5], "Average 4.5 out of 5", "Average 4.0 out of 5"),
        ([4, 5, 5], "4.7 / 4.67 / 4.666666666666667", "4.0 / 4.00 / 4.0"),
        ([4, 4], "Average 4.0, 14.05", "Average 4.0, 14.05"),
        ([4, 5], "rated 14.5 and 4.55", "rated 14.5 and 4.55"),
    ],
)
def test_round_average_down_changes_only_the_average(ratings, page, expected):
    book = {"reviews": [{"rating": rating} for rating in ratings]}
    assert round_average_down(page, [book]) == expected


def test_bad_input_is_swapped_in_form_and_json_bodies_and_restored_in_place():
    for kind, body in [("application/x-www-form-urlencoded", b"rating=9&name=Ines"),
                       ("application/json", b'{"rating": "9", "name": "Ines"}')]:  # fmt: skip
        environ = {"CONTENT_TYPE": kind, "CONTENT_LENGTH": str(len(body)),
                   "wsgi.input": io.BytesIO(body)}  # fmt: skip
        fields, encode = parts.read_body(environ)
        assert fields == {"rating": "9", "name": "Ines"}
        assert environ["wsgi.input"].read() == body, "the body must stay readable for the app"
        parts.write_body(environ, encode({**fields, "rating": "3"}))
        assert b"3" in environ["wsgi.input"].read()
    review = {"name": "Ines", "rating": 3}
    update = ({"_id": 1}, {"$push": {"reviews": review}})
    parts.replace_key(update, "rating", parts.as_stored("9"))
    assert review == {"name": "Ines", "rating": 9}
