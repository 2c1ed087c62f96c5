"""How areas and topics appear in the open-data API (``search/api.py``): by name and
slug (and an area's ONS code), never by database id alone."""

from rest_framework import serializers


class AreaSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
    ons_code = serializers.CharField(read_only=True)


class TopicSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
