"""The OpenAPI 3.1 description of API v1, written by hand next to the endpoints it describes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse

from motcua import __version__
from motcua.api.views import allow_methods
from motcua.catalogue.models import Level, OnlineLevel
from motcua.dossiers.actions import ACTIONS
from motcua.dossiers.models import Dossier
from motcua.organisation.models import IDENTIFIER_MAX_LENGTH


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERROR = _ref("Error")
NULLABLE_STRING = {"type": ["string", "null"]}
DATETIME = {"type": ["string", "null"], "format": "date-time"}


def _text(max_length: int | None = None, **extra: Any) -> dict[str, Any]:
    """A required text: the API strips it and refuses it when nothing but spaces is left."""
    schema: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"\S", **extra}
    if max_length is not None:
        schema["maxLength"] = max_length
    return schema


SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {"type": "string"},
            "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        },
    },
    "Channel": {
        "type": "object",
        "required": ["channel", "time_limit", "time_unit", "fee"],
        "properties": {
            "channel": {"enum": ["in_person", "online", "postal"]},
            "time_limit": {"type": ["number", "null"]},
            "time_unit": {"enum": ["working_day", "day", "hour", "month"]},
            "fee": {
                "oneOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "required": ["amount", "currency"],
                        "properties": {
                            "amount": {"type": "number"},
                            "currency": {"enum": ["VND", "USD"]},
                            "kind": NULLABLE_STRING,
                        },
                    },
                ]
            },
        },
    },
    "ProcedureSummary": {
        "type": "object",
        "required": ["code", "name", "field", "level", "status", "channels"],
        "properties": {
            "code": {"type": "string", "examples": ["1.001193"]},
            "name": {"type": "string"},
            "field": NULLABLE_STRING,
            "level": NULLABLE_STRING,
            "levels": {"type": "array", "items": {"type": "string"}},
            "status": {"enum": ["draft", "published", "superseded", "repealed"]},
            "online_level": {"enum": ["full", "partial", "none"]},
            "five_on_site": {"type": "boolean"},
            "channels": {"type": "array", "items": _ref("Channel")},
        },
    },
    "Procedure": {
        "allOf": [
            _ref("ProcedureSummary"),
            {
                "type": "object",
                "properties": {
                    "receiving_agencies": {"type": "array", "items": {"type": "string"}},
                    "documents": {"type": "array", "items": {"type": "object"}},
                    "legal_basis": {"type": "array", "items": {"type": "object"}},
                    "decision": {"type": "object"},
                },
            },
        ]
    },
    "Agency": {
        "type": "object",
        "required": ["identifier", "name", "level"],
        "properties": {
            "identifier": {"type": "string", "examples": ["000.00.12.H49"]},
            "name": {"type": "string"},
            "kind": {"type": "string"},
            "level": {"enum": ["ministry", "province", "district", "commune"]},
            "parent": NULLABLE_STRING,
        },
    },
    "Applicant": {
        "type": "object",
        "required": ["name", "id_number", "phone"],
        "properties": {
            "name": _text(255),
            "id_number": _text(20, description="12-digit citizen ID, passport, or tax code"),
            "phone": _text(20, description="Vietnamese number; stored as +84…"),
            "email": {"type": "string", "format": "email"},
            "address": {"type": "string", "maxLength": 500},
            "kind": {"enum": ["person", "organisation"]},
        },
    },
    "NewDossier": {
        "type": "object",
        "required": ["procedure", "agency", "channel", "applicant"],
        "properties": {
            "procedure": _text(40, description="national procedure code"),
            "agency": _text(IDENTIFIER_MAX_LENGTH, description="receiving agency identifier"),
            "channel": {"enum": ["in_person", "online", "postal"]},
            "applicant": _ref("Applicant"),
            "received_at": {"type": "string", "format": "date-time", "description": "in 2015–2040"},
            "result_delivery": {"enum": [c for c, _ in Dossier.Delivery.choices]},
        },
    },
    "Action": {
        "type": "object",
        "required": ["action"],
        "properties": {
            "action": {"enum": list(ACTIONS)},
            "lock_version": {
                "type": "integer",
                "minimum": 0,
                "description": "409 if the dossier changed since you read it",
            },
            "reason": {"type": "string"},
            "missing": {"type": "string"},
            "note": {"type": "string"},
            "question": {"type": "string"},
            "answer": {"type": "string"},
            "agency": {"type": "string"},
            "hours": {"type": "number", "minimum": 0.5, "maximum": 800, "description": "working hours"},
            "assignee": {"type": "string", "description": "username"},
            "new_due_at": {
                "type": "string",
                "format": "date-time",
                "description": "later than the current due date, in 2015–2040",
            },
            "collected_by": {"type": "string", "maxLength": 255},
        },
        "description": "Actions are recorded at the server's time: a request with `at` or `received_at` is a 400.",
    },
    "Dossier": {
        "type": "object",
        "required": ["code", "status", "status_code", "due_at", "verdict", "allowed_actions", "history"],
        "properties": {
            "code": {"type": "string", "examples": ["000.00.12.H49-270301-0001"]},
            "procedure": {"type": "string"},
            "agency": {"type": "string"},
            "channel": {"enum": ["in_person", "online", "postal"]},
            "status": {"type": "string"},
            "status_code": {"type": "integer", "minimum": 1, "maximum": 10},
            "due_at": DATETIME,
            "verdict": {"enum": ["early", "on_time", "late", "pending"]},
            "lock_version": {"type": "integer"},
            "allowed_actions": {"type": "array", "items": {"type": "string"}},
            "history": {"type": "array", "items": {"type": "object"}},
            "results": {
                "type": "array",
                "description": "Electronic results attached by the agency, oldest first; the last is the one served",
                "items": _ref("ResultDocument"),
            },
        },
    },
    "ResultDocument": {
        "type": "object",
        "required": ["name", "sha256", "uploaded_at"],
        "properties": {
            "name": {"type": "string"},
            "sha256": {
                "type": ["string", "null"],
                "pattern": "^[0-9a-f]{64}$",
                "description": "hex digest of the file",
            },
            "uploaded_at": DATETIME,
        },
    },
}


UNAUTHORISED = _json(ERROR, "No valid token (missing, unknown, revoked or expired)")
CODE = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}


def build_schema() -> dict[str, Any]:
    bearer: list[dict[str, list[str]]] = [{"bearer": []}]
    return {
        "openapi": "3.1.0",
        "info": {"title": "motcua API", "version": f"v1 ({__version__})"},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "motcua api-token USER [--expires-days N]; revoke with --revoke ID|PREFIX",
                }
            },
        },
        "paths": {
            "/procedures": {
                "get": {
                    "summary": "Published procedures",
                    "parameters": [
                        {"name": n, "in": "query", "schema": schema}
                        for n, schema in [
                            ("q", {"type": "string", "maxLength": 200}),
                            ("level", {"enum": ["", *Level.values], "description": "empty: any level"}),
                            ("field", {"type": "string", "maxLength": 255}),
                            ("agency", {"type": "string", "maxLength": IDENTIFIER_MAX_LENGTH}),
                            ("online_level", {"enum": ["", *OnlineLevel.values], "description": "empty: any"}),
                            ("limit", {"type": "integer", "minimum": 1, "maximum": 200}),
                            ("offset", {"type": "integer", "minimum": 0, "maximum": 1_000_000}),
                        ]
                    ],
                    "responses": {
                        "200": _json(
                            {
                                "type": "object",
                                "properties": {
                                    "count": {"type": "integer"},
                                    "results": {"type": "array", "items": _ref("ProcedureSummary")},
                                },
                            },
                            "A page of procedures",
                        ),
                        "400": _json(ERROR, "Invalid parameters"),
                    },
                }
            },
            "/procedures/{code}": {
                "get": {
                    "summary": "One published procedure",
                    "parameters": [CODE],
                    "responses": {"200": _json(_ref("Procedure"), "The procedure"), "404": _json(ERROR, "Unknown")},
                }
            },
            "/agencies": {
                "get": {
                    "summary": "Active agencies",
                    "responses": {
                        "200": _json(
                            {"type": "object", "properties": {"results": {"type": "array", "items": _ref("Agency")}}},
                            "Agencies",
                        )
                    },
                }
            },
            "/lookup": {
                "get": {
                    "summary": "Public status lookup (code + phone or last 4 ID digits); rate-limited",
                    "parameters": [
                        {"name": "code", "in": "query", "required": True, "schema": _text()},
                        {
                            "name": "secret",
                            "in": "query",
                            "required": True,
                            "schema": _text(),
                            "description": "the applicant's phone number or the last 4 digits of the ID number",
                        },
                    ],
                    "responses": {
                        "200": _json({"type": "object"}, "Status, dates and steps"),
                        "400": _json(ERROR, "The code or the secret is missing"),
                        "404": _json(ERROR, "No match (the same for an unknown code)"),
                        "429": _json(ERROR, "Too many failed attempts"),
                    },
                }
            },
            "/dossiers": {
                "post": {
                    "summary": "Receive a dossier",
                    "security": bearer,
                    "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("NewDossier")}}},
                    "responses": {
                        "201": _json(_ref("Dossier"), "Received"),
                        "400": _json(ERROR, "Invalid input, with per-field errors"),
                        "401": UNAUTHORISED,
                        "200": _json(_ref("Dossier"), "Replayed: the same Idempotency-Key and body as before"),
                        "403": _json(
                            ERROR,
                            "Not a receiving clerk of that agency, or the agency does not carry out the procedure",
                        ),
                        "409": _json(ERROR, "The Idempotency-Key was used before with a different body"),
                    },
                }
            },
            "/dossiers/{code}": {
                "get": {
                    "summary": "A dossier with its history, verdict and the caller's allowed actions",
                    "security": bearer,
                    "parameters": [CODE],
                    "responses": {
                        "200": _json(_ref("Dossier"), "The dossier"),
                        "401": UNAUTHORISED,
                        "404": _json(ERROR, "Not visible"),
                    },
                }
            },
            "/dossiers/{code}/slips/{kind}.pdf": {
                "get": {
                    "summary": "An official slip of the dossier as PDF",
                    "security": bearer,
                    "parameters": [
                        CODE,
                        {
                            "name": "kind",
                            "in": "path",
                            "required": True,
                            "schema": {"enum": ["receipt", "supplement", "refusal", "apology", "stop", "control"]},
                        },
                    ],
                    "responses": {
                        "200": {"description": "PDF", "content": {"application/pdf": {}}},
                        "401": UNAUTHORISED,
                        "404": _json(ERROR, "Not visible or unknown slip"),
                    },
                }
            },
            "/dossiers/{code}/actions": {
                "post": {
                    "summary": "Take an action (a transition) on a dossier",
                    "security": bearer,
                    "parameters": [CODE],
                    "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("Action")}}},
                    "responses": {
                        "200": _json(_ref("Dossier"), "Done"),
                        "400": _json(ERROR, "Invalid input"),
                        "401": UNAUTHORISED,
                        "403": _json(ERROR, "The user may not take this action"),
                        "404": _json(ERROR, "Not visible"),
                        "409": _json(ERROR, "Illegal transition or concurrent change"),
                    },
                }
            },
            "/dossiers/{code}/results": {
                "post": {
                    "summary": "Attach the electronic result (a PDF) to a finished or returned dossier",
                    "security": bearer,
                    "parameters": [CODE],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "required": ["file"],
                                    "properties": {
                                        "file": {"type": "string", "format": "binary"},
                                        "name": {"type": "string"},
                                        "lock_version": {"type": "integer"},
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "201": _json(_ref("Dossier"), "Attached; the dossier with its results"),
                        "400": _json(ERROR, "No file, not a PDF, too large"),
                        "401": UNAUTHORISED,
                        "403": _json(ERROR, "Not staff of the dossier's agency"),
                        "404": _json(ERROR, "Not visible"),
                        "409": _json(ERROR, "Not finished, refused, or changed concurrently"),
                    },
                }
            },
            "/notices/receipts": {
                "post": {
                    "summary": "Delivery receipt of an SMS from the gateway (HMAC-SHA256 of the body)",
                    "parameters": [
                        {
                            "name": "X-Motcua-Signature",
                            "in": "header",
                            "required": True,
                            "schema": {"type": "string"},
                            "description": "sha256=<hex HMAC-SHA256 of the raw body with the shared secret>",
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["id", "status"],
                                    "properties": {
                                        "id": {"type": "string", "format": "uuid"},
                                        "status": {"type": "string", "enum": ["delivered", "failed"]},
                                        "reason": {"type": "string"},
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": _json(
                            {"type": "object", "properties": {"id": {"type": "string"}, "state": {"type": "string"}}},
                            "Recorded (or already recorded)",
                        ),
                        "400": _json(ERROR, "Not JSON, no id, unknown status"),
                        "401": _json(ERROR, "Missing or wrong signature"),
                        "404": _json(ERROR, "No notice has this id"),
                    },
                }
            },
            "/postal/callback": {
                "post": {
                    "summary": "The postal service reports a shipment's state (body signed: X-Motcua-Signature)",
                    "parameters": [
                        {
                            "name": "X-Motcua-Signature",
                            "in": "header",
                            "required": True,
                            "description": "sha256=<hex HMAC-SHA256 of the raw body, MOTCUA_POSTAL_CALLBACK_SECRET>",
                            "schema": {"type": "string"},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["tracking_number", "status"],
                                    "properties": {
                                        "event_id": {"type": "string", "maxLength": 100},
                                        "tracking_number": {"type": "string", "maxLength": 64},
                                        "status": {
                                            "type": "string",
                                            "enum": ["handed_over", "in_transit", "delivered", "returned_to_sender"],
                                        },
                                        "at": {"type": "string", "format": "date-time"},
                                        "note": {"type": "string", "maxLength": 500},
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": _json({"type": "object"}, "tracking_number, status, changed (false: nothing new)"),
                        "400": _json(ERROR, "Not a JSON object, unknown status, bad field"),
                        "403": _json(ERROR, "Signature missing or wrong"),
                        "404": _json(ERROR, "Unknown tracking number"),
                    },
                }
            },
            "/payments/notify": {
                method: {
                    "summary": "The payment gateway's signed notification (HMAC-SHA256 over the sorted fields), "
                    "as a query string (GET) or a form (POST)",
                    "responses": {"200": _json({"type": "object"}, "code (00, 01, 02, 03, 04, 97, 99) and message")},
                }
                for method in ("get", "post")
            },
        },
    }


@allow_methods("GET")
def schema(request: HttpRequest) -> JsonResponse:
    return JsonResponse(build_schema(), json_dumps_params={"ensure_ascii": False})
