import Hummingbird
import GRDB
import SightlineStore
