"""Sitthi (สิทธิ): the clearing house for Thailand's public health coverage funds."""

__version__ = "0.1.0"
