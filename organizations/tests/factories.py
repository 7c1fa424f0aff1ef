import factory
from factory.django import DjangoModelFactory

from organizations.models import Agency, Employee, Region, Role, Unit, User

DEFAULT_PASSWORD = "Rahasia#2025"


def make_nip(n: int) -> str:
    """A valid NIP for the n-th test employee: born 1980-1999, appointed at 20 (2000-2019),
    so no test employee is 'new' by accident; a test about new staff sets the NIP."""
    year = 1980 + n % 20
    month = 1 + n % 12
    day = 1 + n % 28
    appointed = f"{year + 20}{month:02d}"
    return f"{year}{month:02d}{day:02d}{appointed}{1 + n % 2}{1 + n % 999:03d}"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.go.id")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create and results:
            instance.save()


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"9{n:03d}")
    name = factory.Sequence(lambda n: f"Kota Uji {n}")
    kind = Region.Kind.CITY
    province = "Banten"


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"pemda-{n}")
    name = factory.LazyAttribute(lambda a: f"Pemerintah {a.short_name}")
    short_name = factory.Sequence(lambda n: f"Pemda {n}")
    level = Agency.Level.CITY


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"opd-{n}")
    name = factory.LazyAttribute(lambda u: f"Dinas {u.code}")
    short_name = factory.LazyAttribute(lambda u: u.code.upper())


class EmployeeFactory(DjangoModelFactory):
    class Meta:
        model = Employee

    nip = factory.Sequence(make_nip)
    name = factory.Faker("name", locale="id_ID")
    unit = factory.SubFactory(UnitFactory)
    position = "Analis Kebijakan Ahli Muda"


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    kind = Role.Kind.OPD_HEAD
