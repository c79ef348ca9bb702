"""Where an agreement (or a provision, or a rule) applies: named places, and polygons.

A place names administrative fields (``country``, ``admin1``, ``admin2``, ``location``),
each one value or several, compared without regard to case; an event is in a place when
every field the place names matches the event's. Polygons (GeoJSON, in a file beside the
pack) are matched against the event's ``latitude`` and ``longitude`` with shapely, the
field's standard geometry library, imported only for a pack that has polygons (the ``geo``
extra). An event with nothing to judge it by follows the area's ``unplaced`` rule.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

import attrs

from .values import frozen

__all__ = ["PLACE_KEYS", "UNPLACED", "Area", "load_polygons"]

PLACE_KEYS = ("country", "admin1", "admin2", "location")
UNPLACED = ("inside", "outside", "uncertain")
MAX_GEOJSON_BYTES = 16 << 20

Place = tuple[tuple[str, frozenset[str]], ...]


@frozen(eq=False)
class Area:
    """Named places and polygons; ``unplaced`` says what an event with no place to judge counts as."""

    places: tuple[Place, ...] = ()
    polygons: tuple[Any, ...] = ()
    unplaced: str = "inside"
    source: str = ""
    """Where the polygons came from (a file name), for ``show``."""
    reads: tuple[str, ...] = attrs.field(init=False, repr=False)
    """Every event field the area is judged by: an event with none of them is unplaced."""
    unplaced_as: str = attrs.field(init=False, repr=False)
    """What an unplaced event counts as: ``inside``, ``outside`` or ``uncertain``."""

    def __attrs_post_init__(self) -> None:
        reads = {key: None for place in self.places for key, _ in place}
        if self.polygons:
            reads.update(latitude=None, longitude=None)
        object.__setattr__(self, "reads", tuple(reads))
        object.__setattr__(self, "unplaced_as", self.unplaced if self.unplaced in ("inside", "outside") else "uncertain")

    def judge(self, fields: Mapping[str, Any]) -> str:
        """``inside``, ``outside`` or ``unplaced`` (nothing in the event to judge it by)."""
        return self.where(fields, "unplaced")

    def where(self, fields: Mapping[str, Any], unplaced: str | None = None) -> str:
        """``inside``, ``outside``, or for an event with nothing to judge it by, ``unplaced`` (None: as the area says, or ``uncertain``)."""
        for key in self.reads:
            if key in fields:
                break
        else:
            return unplaced or self.unplaced_as
        unknown = False
        for place in self.places:  # in a place when every field it names matches; unknown when one is missing
            verdict: bool | None = True
            for key, values in place:
                value = fields.get(key)
                if not isinstance(value, str):
                    verdict = None
                elif value.casefold() not in values:
                    verdict = False
                    break
            if verdict:
                return "inside"
            unknown = unknown or verdict is None
        if self.polygons:
            verdict = self._point(fields)
            if verdict:
                return "inside"
            unknown = unknown or verdict is None
        if unknown or not (self.places or self.polygons):
            return unplaced or self.unplaced_as
        return "outside"

    def _point(self, fields: Mapping[str, Any]) -> bool | None:
        lat, lon = fields.get("latitude"), fields.get("longitude")
        if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)) or isinstance(lat, bool):
            return None
        from shapely.geometry import Point

        point = Point(lon, lat)
        return any(polygon.covers(point) for polygon in self.polygons)


def load_polygons(name: str, pack_path: str) -> tuple[Any, ...]:
    """Read the polygons of a GeoJSON file beside the pack; raise ValueError with a message for the user."""
    from pathlib import Path  # only a pack with polygons needs it

    folder = Path(pack_path).resolve().parent
    path = (folder / name).resolve()
    if folder not in path.parents:
        raise ValueError(f"{name!r} must be a file in the pack's folder")
    try:
        import shapely.geometry
        from shapely.prepared import prep
    except ImportError:
        raise ValueError("polygons need shapely: pip install 'ceasefire[geo]'") from None
    try:
        if os.path.getsize(path) > MAX_GEOJSON_BYTES:
            raise ValueError(f"{name!r} is larger than {MAX_GEOJSON_BYTES} bytes")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"cannot read {name!r}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ValueError(f"{name!r} is not GeoJSON") from None
    geometries = [f.get("geometry") for f in data.get("features", ())] if isinstance(data, dict) and data.get("type") == "FeatureCollection" \
        else [data.get("geometry")] if isinstance(data, dict) and data.get("type") == "Feature" else [data]
    out = []
    for geometry in geometries:
        try:
            shape = shapely.geometry.shape(geometry)
        except Exception:  # shapely raises several kinds for a bad geometry  # noqa: BLE001
            raise ValueError(f"{name!r} holds a geometry shapely cannot read") from None
        if shape.geom_type not in ("Polygon", "MultiPolygon"):
            raise ValueError(f"{name!r} holds a {shape.geom_type}: an area needs polygons")
        out.append(prep(shape))
    if not out:
        raise ValueError(f"{name!r} holds no polygon")
    return tuple(out)
